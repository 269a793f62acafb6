"""A center admin adds a team's members one at a time from a paged search (in SQL) of the cohort's learners in no
team; bad or tampered choices get a message and change nothing."""
from html import unescape

import pytest
from sqlalchemy import func, insert, select

from lms.audit.models import AuditEvent
from lms.auth.models import User
from lms.centers import cohort_service, team_service
from lms.centers.cohort_models import CohortMember, Team, TeamMember
from lms.centers.cohort_service import CohortError
from tests.support.statements import statements_during


def _grow_unteamed(db, cohort, total: int) -> None:
    """Bring the cohort's learners in no team up to `total` (named Learner 0000, 0001, ...)."""
    have = db.session.scalar(select(func.count()).select_from(User).where(User.email.like("u%@example.net")))
    db.session.execute(insert(User), [{"email": f"u{n:04d}@example.net", "full_name": f"Learner {n:04d}",
                                       "password_hash": "x", "discipline": ("officer", "clinician")[n % 2],
                                       "agency": "Metro PD"} for n in range(have, total)])
    new = db.session.scalars(select(User.id).where(User.email.like("u%@example.net"),
                                                   User.id.not_in(select(CohortMember.user_id)))).all()
    db.session.execute(insert(CohortMember), [{"cohort_id": cohort.id, "user_id": uid} for uid in new])
    db.session.commit()


def _writes(db) -> tuple[int, int]:
    return (db.session.scalar(select(func.count(TeamMember.id))),
            db.session.scalar(select(func.count(AuditEvent.id))))


@pytest.mark.pg
def test_the_team_page_lists_learners_in_no_team_25_a_page_with_the_same_statements_for_30_or_300(
        db_backend, db, center, admin, signed_in, cohort):
    empty = team_service.create_team(cohort, name="Team B", user_ids=[], actor_id=admin.id)
    client = signed_in(admin)
    url = f"/centers/{center.slug}/cohorts/{cohort.id}/teams/{empty.id}"
    client.get(url)
    counts = []
    for total in (30, 300):
        _grow_unteamed(db, cohort, total)
        response, seen = statements_during(db, lambda: client.get(url))
        html = unescape(response.get_data(as_text=True))
        assert response.status_code == 200
        assert f"{total} learners in no team; showing 1–25" in html and f"Page 1 of {-(-total // 25)}" in html
        assert "Learner 0024" in html and "Learner 0025" not in html and html.count('name="user"') == 25
        cohort_page, cohort_seen = statements_during(db, lambda: client.get(
            f"/centers/{center.slug}/cohorts/{cohort.id}"))
        assert cohort_page.status_code == 200 and "Learner 0299" not in cohort_page.get_data(as_text=True)
        counts.append((len(seen), len(cohort_seen)))
    assert counts[0] == counts[1], counts
    second = unescape(client.get(url + "?page=2").get_data(as_text=True))
    assert "Learner 0025" in second and "Learner 0024" not in second
    assert "No learner outside a team" in unescape(client.get(url + "?q=Olivia").get_data(as_text=True))  # in Team A
    response, seen = statements_during(db, lambda: client.get(url + "?q=ner 0123"))
    by_name = unescape(response.get_data(as_text=True))
    assert any("team_members" in s and " LIKE " in s.upper() and " LIMIT " in s.upper() for s in seen), seen
    assert "1 learner in no team matching “ner 0123”" in by_name and "Learner 0124" not in by_name
    by_email = unescape(client.get(url + "?q=U0200@EXAMPLE").get_data(as_text=True))
    assert "Learner 0200" in by_email and "Learner 0201" not in by_email
    assert "No learner outside a team" in unescape(client.get(url + "?q=%25_").get_data(as_text=True))
    assert client.get(url + "?page=abc").status_code == 422
    assert client.get(url + "?q=" + "x" * 101).status_code == 422


def test_adding_a_member_returns_to_the_same_search_page_and_is_audited(db, center, admin, make_user, signed_in,
                                                                       cohort):
    newcomer = make_user(discipline="clinician", full_name="Nina Newcomer")
    cohort_service.add_learners(cohort, emails=[newcomer.email], actor_id=admin.id)
    team = team_service.create_team(cohort, name="Team B", user_ids=[], actor_id=admin.id)
    client = signed_in(admin)
    base = f"/centers/{center.slug}/cohorts/{cohort.id}/teams/{team.id}"
    response = client.post(f"{base}/members", data={"user": newcomer.id, "q": "nina", "page": "2"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"{base}?q=nina&page=2#add")
    assert db.session.scalar(select(TeamMember.team_id).where(TeamMember.user_id == newcomer.id)) == team.id
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "team.member_added"))
    assert event.actor_id == admin.id and str(event.target_id) == str(team.id) and event.detail["user_id"] == newcomer.id
    page = unescape(client.get(base).get_data(as_text=True))
    assert "Added Nina Newcomer to “Team B”." in page and "The team has no officer" in page
    assert "Everyone in the cohort is in a team." in page


@pytest.mark.pg
def test_bad_or_tampered_member_choices_get_a_message_and_change_nothing(db_backend, db, center, admin, make_user,
                                                                         learners, signed_in, cohort):
    from lms.centers.service import create_center

    other_center = create_center(name="Northeast Regional Training Center", region="New Haven, CT")
    outsider = make_user(center_obj=other_center, full_name="Oscar Outsider")
    elsewhere = make_user(full_name="Eli Elsewhere")
    other_cohort = cohort_service.create_cohort(center_id=center.id, name="Winter", starts_on=None, ends_on=None,
                                                actor_id=admin.id)
    cohort_service.add_learners(other_cohort, emails=[elsewhere.email], actor_id=admin.id)
    foreign_team = team_service.create_team(other_cohort, name="Winter team", user_ids=[], actor_id=admin.id)
    team = team_service.create_team(cohort, name="Team B", user_ids=[], actor_id=admin.id)
    client = signed_in(admin)
    base = f"/centers/{center.slug}/cohorts/{cohort.id}/teams"
    before = _writes(db)
    for value, message in [("999999", "Learner #999999 is not in the cohort “Fall 2026”"),
                           (elsewhere.id, f"Learner #{elsewhere.id} is not in the cohort"),
                           (outsider.id, f"Learner #{outsider.id} is not in the cohort"),
                           (learners[0].id, "Olivia Officer is already in the team “Team A”"),
                           ("abc", "That is not a learner's id"), ("-1", "That is not a learner's id"),
                           ("99999999999999999999", "That is not a learner's id"), ("1.5", "That is not a learner's id"),
                           ("", "Choose a learner to add.")]:
        response = client.post(f"{base}/{team.id}/members", data={"user": value}, follow_redirects=True)
        html = unescape(response.get_data(as_text=True))
        assert response.status_code == 200 and "flash-error" in html and message in html, (value, html[:3000])
    refused = client.post(f"{base}/{team.id}/members", data={"user": "1\x00"})  # refused for every route
    assert refused.status_code == 400 and "control character" in refused.get_data(as_text=True)
    assert client.post(f"{base}/{foreign_team.id}/members", data={"user": elsewhere.id}).status_code == 404
    assert client.post(f"{base}/{team.id}/members", data={"user": learners[0].id, "page": "0; drop"},
                       follow_redirects=True).status_code == 200
    assert _writes(db) == before
    with pytest.raises(CohortError, match="Choose a team of this cohort"):
        team_service.add_member(cohort, foreign_team, user_id=elsewhere.id, actor_id=admin.id)
    assert _writes(db) == before


def test_a_full_team_takes_nobody_else_and_says_so(db, center, admin, make_user, signed_in, cohort):
    extra = [make_user(discipline="cps_worker", full_name=f"Extra {n}") for n in range(2)]
    cohort_service.add_learners(cohort, emails=[u.email for u in extra], actor_id=admin.id)
    full = db.session.scalar(select(Team).where(Team.name == "Team A"))
    team_service.add_member(cohort, full, user_id=extra[0].id, actor_id=admin.id)
    client = signed_in(admin)
    url = f"/centers/{center.slug}/cohorts/{cohort.id}/teams/{full.id}"
    assert "the most a team can have" in client.get(url).get_data(as_text=True)
    before = _writes(db)
    html = unescape(client.post(f"{url}/members", data={"user": extra[1].id}, follow_redirects=True)
                    .get_data(as_text=True))
    assert "“Team A” already has 4 people." in html and _writes(db) == before
