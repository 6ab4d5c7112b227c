"""pytest plugin: applies the committed selection (selection.json) to ceph/s3-tests.

Loaded with `-p select_tests` (its folder on PYTHONPATH) by run.mjs. A test is deselected when it
carries one of an exclusion's markers, when its name contains one of its `namesContaining`
fragments, or when it is named in its `tests`. The names of the tests that stay are written to
S3COMPAT_SELECTED (one per line), so the runner knows a test that never reported.
"""
import json
import os


def _excluded(item, exclusions):
    markers = {marker.name for marker in item.iter_markers()}
    name = item.name
    for exclusion in exclusions:
        if markers & set(exclusion.get('markers', [])):
            return True
        if any(fragment in name for fragment in exclusion.get('namesContaining', [])):
            return True
        if name in exclusion.get('tests', []):
            return True
    return False


def pytest_collection_modifyitems(session, config, items):
    with open(os.environ['S3COMPAT_SELECTION'], encoding='utf-8') as file:
        selection = json.load(file)
    only = set(filter(None, os.environ.get('S3COMPAT_ONLY', '').split(',')))
    kept, dropped = [], []
    for item in items:
        excluded = _excluded(item, selection['exclusions']) or (only and item.name not in only)
        (dropped if excluded else kept).append(item)
    items[:] = kept
    config.hook.pytest_deselected(items=dropped)
    with open(os.environ['S3COMPAT_SELECTED'], 'w', encoding='utf-8') as file:
        file.write(''.join(item.name + '\n' for item in kept))
