"""The load test's reader (bench/load.py) reads a page from Streamlit's ForwardMsgs as a browser
draws it: only the current script run counts, the full numbers are the ones under the 2^20
caption, and a page that reruns itself is done only when its last run finishes."""

from __future__ import annotations

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.load import Numbers, PageView, numbers_shown

FULL = "1,048,576 simulations"
QUICK_CAPTION = "Ipsos · 65,536 simulations (quick estimate, refining…) · seed 2024"
FULL_CAPTION = "Ipsos · 1,048,576 simulations · seed 2024"


def new_run() -> ForwardMsg:
    msg = ForwardMsg()
    msg.new_session.name = "app"
    return msg


def metric(path: tuple[int, ...], label: str, value: str) -> ForwardMsg:
    msg = ForwardMsg()
    msg.metadata.delta_path.extend(path)
    msg.delta.new_element.metric.label = label
    msg.delta.new_element.metric.body = value
    return msg


def markdown(path: tuple[int, ...], body: str) -> ForwardMsg:
    msg = ForwardMsg()
    msg.metadata.delta_path.extend(path)
    msg.delta.new_element.markdown.body = body
    return msg


def finished(status) -> ForwardMsg:
    msg = ForwardMsg()
    msg.script_finished = status
    return msg


def page_run(majority: str, sampling_only: str, caption: str) -> list[ForwardMsg]:
    return [
        new_run(),
        metric((0, 8, 0, 0), "Arizona: majority (≥ 76 seats)", majority),
        metric((0, 8, 0, 1), "Sampling error only", sampling_only),
        metric((0, 8, 0, 2), "Arizona: median seats", "77"),
        metric((0, 8, 0, 3), "Largest party: N-VA", "24 seats"),
        markdown((0, 3, 0), caption),
    ]


def feed(view: PageView, messages: list[ForwardMsg], at: float) -> None:
    for msg in messages:
        view.feed(msg, at)


def test_full_numbers_are_the_rerun_after_the_quick_estimate():
    view = PageView(FULL)
    feed(view, page_run("61%", "…", QUICK_CAPTION) + [finished(ForwardMsg.FINISHED_EARLY_FOR_RERUN)], 1.0)
    assert view.numbers_at is None and not view.finished
    feed(view, page_run("62%", "81%", FULL_CAPTION), 4.0)
    assert view.numbers_at == 4.0 and not view.first_run_full
    view.feed(finished(ForwardMsg.FINISHED_SUCCESSFULLY), 4.5)
    assert view.finished and not view.errors
    assert view.final == Numbers("62%", "77", "N-VA", "24 seats", "81%")


def test_a_result_from_the_cache_is_full_in_the_first_run():
    view = PageView(FULL)
    feed(view, page_run("62%", "…", FULL_CAPTION) + [finished(ForwardMsg.FINISHED_EARLY_FOR_RERUN)], 0.3)
    feed(view, page_run("62%", "81%", FULL_CAPTION) + [finished(ForwardMsg.FINISHED_SUCCESSFULLY)], 0.6)
    assert view.first_run_full and view.numbers_at == 0.3
    assert view.numbers.sampling_only == "…" and view.final.sampling_only == "81%"


def test_a_metric_of_an_earlier_run_does_not_count():
    view = PageView(FULL)
    feed(view, page_run("61%", "…", QUICK_CAPTION), 1.0)
    # The rerun draws only the caption: the metrics on screen are the quick run's, about to go.
    feed(view, [new_run(), markdown((0, 3, 0), FULL_CAPTION), finished(ForwardMsg.FINISHED_SUCCESSFULLY)], 2.0)
    assert view.numbers_at is None and view.final is None
    assert view.errors == ["page finished without the full result's numbers"]


def test_an_exception_on_the_page_is_an_error():
    view = PageView(FULL)
    msg = ForwardMsg()
    msg.metadata.delta_path.extend((0, 1))
    msg.delta.new_element.exception.type = "ValueError"
    msg.delta.new_element.exception.message = "boom"
    feed(view, [new_run(), msg], 1.0)
    assert view.errors == ["exception: ValueError: boom"]


def test_numbers_need_the_majority_the_median_and_the_largest_party():
    assert numbers_shown([("Arizona: majority (≥ 76 seats)", "62%"), ("Arizona: median seats", "77")]) is None
    assert numbers_shown(
        [("Vivaldi: majority (≥ 76 seats)", "3.1%"), ("Vivaldi: median seats", "70"), ("Largest party: VB", "1 seat")]
    ) == Numbers("3.1%", "70", "VB", "1 seat", "")
