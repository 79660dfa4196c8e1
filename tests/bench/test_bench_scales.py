"""The corpus sizes per scale (bench.scales): the table only, no corpus is built."""

from dataclasses import astuple

from bench.__main__ import parse_args
from bench.scales import SCALES


def test_xlarge_is_ten_times_large_in_every_size():
    large, xlarge = astuple(SCALES["large"])[1:], astuple(SCALES["xlarge"])[1:]

    assert xlarge == tuple(10 * n for n in large)
    assert SCALES["xlarge"].posts == 2_000_000


def test_the_command_line_offers_every_scale_of_the_table():
    assert parse_args(["--scale", "xlarge"]).scale == "xlarge"
    assert parse_args([]).scale == "medium"
