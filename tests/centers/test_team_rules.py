from lms.centers.team_rules import team_problems


def test_an_officer_and_a_clinician_make_a_team():
    assert team_problems(["officer", "clinician"]) == []
    assert team_problems(["officer", "clinician", "cps_worker"]) == []


def test_a_team_without_an_officer_or_a_clinician_is_named_for_what_it_lacks():
    assert team_problems(["clinician", "cps_worker"]) == ["the team has no officer"]
    assert team_problems(["officer", "officer"]) == ["the team has no clinician"]


def test_team_size_is_two_to_four():
    assert "a team needs at least 2 people" in team_problems(["officer"])
    assert "a team has at most 4 people" in team_problems(["officer", "clinician", "cps_worker", "other", "other"])
