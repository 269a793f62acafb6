"""Check-in codes: six digits, change every minute, accepted for this and the previous minute only."""
from datetime import datetime, timedelta

from lms.practicum.attendance import credited_minutes, late_minutes
from lms.practicum.checkin_codes import code_for, code_matches, current_code, in_window, minute_of

SECRET = "a" * 64
NOON = datetime(2026, 12, 1, 12, 0, 30)


def test_codes_are_six_digits_and_change_every_minute():
    codes = {code_for(SECRET, minute_of(NOON) + i) for i in range(20)}
    assert all(len(c) == 6 and c.isdigit() for c in codes) and len(codes) > 15


def test_a_code_works_this_minute_and_the_next_then_never_again():
    code = current_code(SECRET, NOON)
    assert code_matches(SECRET, code, NOON)
    assert code_matches(SECRET, code[:3] + " " + code[3:], NOON + timedelta(seconds=50))
    assert not code_matches(SECRET, code, NOON + timedelta(minutes=2))
    assert not code_matches("b" * 64, code, NOON)


def test_the_window_opens_fifteen_minutes_early_and_closes_at_the_end():
    start, end = NOON, NOON + timedelta(hours=2)
    assert in_window(start, end, start - timedelta(minutes=15))
    assert not in_window(start, end, start - timedelta(minutes=16))
    assert in_window(start, end, end) and not in_window(start, end, end + timedelta(seconds=1))


def test_credit_is_reduced_by_the_share_missed():
    start, end = NOON, NOON + timedelta(hours=2)
    assert credited_minutes(credit=120, starts_at=start, ends_at=end) == 120
    assert credited_minutes(credit=120, starts_at=start, ends_at=end, late=30, early=30) == 60
    assert credited_minutes(credit=60, starts_at=start, ends_at=end, late=200) == 0
    assert late_minutes(starts_at=start, checked_in_at=start + timedelta(minutes=4)) == 0
    assert late_minutes(starts_at=start, checked_in_at=start + timedelta(minutes=20)) == 20
