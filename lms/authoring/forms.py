"""Forms of the authoring pages that take more than a button: a new module, a ZIP, an image, a restore."""
from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from lms.forms import BaseForm


class NewModuleForm(BaseForm):
    """A module of the center's own: its name in URLs and its title."""

    module_slug = StringField("Name in addresses (lowercase words joined by hyphens)",
                              validators=[DataRequired("Give the module a name."), Length(max=60)])
    title = StringField("Title", validators=[DataRequired("Give the module a title."), Length(max=200)])


class ZipForm(BaseForm):
    """A module ZIP in the layout files.zip downloads."""

    archive = FileField("Module ZIP", validators=[FileRequired("Choose a ZIP file.")])


class ImageForm(BaseForm):
    """An image for the draft's lessons, with what it shows."""

    image = FileField("Image (PNG, JPEG, WebP or GIF)", validators=[FileRequired("Choose an image.")])
    alt = StringField("Alt text: what the image shows", validators=[DataRequired("Say what the image shows."),
                                                                    Length(max=300)])


class RestoreForm(BaseForm):
    """Why an old version becomes current again."""

    note = TextAreaField("Why restore this version", validators=[DataRequired("Say why."), Length(max=2000)])


class ResourceSearchForm(BaseForm):
    """A center admin's search of the local resource directory by name or kind (sent by GET)."""

    class Meta:
        csrf = False

    q = StringField("Agency name or kind", validators=[Optional(), Length(max=100)])
