"""The floor: a minimal Flask app that returns fixed bytes from memory (path in LMS_FLOOR_BODY)."""
import os

from flask import Flask, Response

BODY = open(os.environ["LMS_FLOOR_BODY"], "rb").read()
app = Flask(__name__)


@app.get("/<path:anything>")
def page(anything):
    """The same bytes for every path."""
    return Response(BODY, mimetype="text/html")
