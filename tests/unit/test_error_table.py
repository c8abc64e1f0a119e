"""The error table names real classes, and errors map by their most specific class."""

from __future__ import annotations

import importlib

import pytest

from lamplighter.domain.errors import DomainError, InsufficientStock, InvalidQuantity
from lamplighter.entrypoints import errors
from lamplighter.services.picking import UnknownPickTask


@pytest.mark.parametrize("dotted", sorted(errors._TABLE))
def test_every_row_names_an_exception_class_that_exists(dotted: str) -> None:
    module, _, name = dotted.rpartition(".")
    kind = getattr(importlib.import_module(module), name)
    assert isinstance(kind, type) and issubclass(kind, Exception)


def test_the_most_specific_class_wins() -> None:
    assert errors.http_status_for(InsufficientStock("S", "A-01-01-01", 2, 1)) == 409
    assert errors.http_status_for(InvalidQuantity("bad")) == 422
    assert errors.exit_code_for(UnknownPickTask("task 9")) == 6


def test_unknown_errors_are_server_errors_and_a_plain_domain_error_is_a_bad_request() -> None:
    assert errors.http_status_for(RuntimeError("bug")) == 500 and errors.exit_code_for(RuntimeError()) == 1
    assert errors.http_status_for(DomainError("rule")) == 400
