from runofshow.plan import load_plan


def test_meetup_sample_loads():
    loaded = load_plan("sample_events/meetup.toml")
    assert loaded.plan.segments[0].id == "doors"
    assert loaded.plan.schedule[3].gap_before == 600
