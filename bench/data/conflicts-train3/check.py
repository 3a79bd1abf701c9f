#!/usr/bin/env python3
"""Check the conflicts-train3 set and print its counts (stdlib only): conflicts-train2's checker, three more trap kinds.

usage: python3 check.py [DIR]     (DIR defaults to this file's directory; it holds articles.jsonl and gold.json)

Runs every check of ../conflicts-train2/check.py (ids, outlets, 160-300 words, publication spread, verbatim values
at their first occurrence with an any_of keyword in their sentence, resolved dates, same_date traps, the oracle
report and trap doc pairs against ../shared/datasets/conflicts-dev/score_conflicts.py) with the trap kinds of
conflicts-dev plus three look-alikes of actor and place conflicts: roles (two people in two roles), name_title (one
person by name and by title), grain (one place at two grains).
"""

import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TRAIN2_CHECK = os.path.join(HERE, "..", "conflicts-train2", "check.py")
EXTRA_TRAP_KINDS = ("roles", "name_title", "grain")


def load_train2_checker():
    """The conflicts-train2 checker as a module, its trap kinds extended by this set's three."""
    spec = importlib.util.spec_from_file_location("conflicts_train2_check", TRAIN2_CHECK)
    if spec is None or spec.loader is None:
        raise SystemExit(f"{TRAIN2_CHECK}: cannot load the conflicts-train2 checker")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.TRAP_KINDS = EXTRA_TRAP_KINDS + tuple(module.TRAP_KINDS)
    return module


if __name__ == "__main__":
    sys.dont_write_bytecode = True
    sys.exit(load_train2_checker().main([sys.argv[0], sys.argv[1] if len(sys.argv) > 1 else HERE]))
