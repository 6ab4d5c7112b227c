"""Reads pytest's junit XML and prints {test name: {"outcome", "message"}} as JSON.

Python's own XML parser reads the report (run.mjs has no XML parser and needs none).
"""
import json
import sys
import xml.etree.ElementTree as ET

results = {}
for case in ET.parse(sys.argv[1]).getroot().iter('testcase'):
    outcome, message = 'passed', ''
    for child in case:
        if child.tag in ('failure', 'error'):
            outcome, message = 'failed', child.get('message') or (child.text or '').strip().splitlines()[-1:] and (child.text or '').strip().splitlines()[-1]
            break
        if child.tag == 'skipped':
            outcome, message = 'skipped', child.get('message') or ''
    results[case.get('name')] = {'outcome': outcome, 'message': ' '.join(message.split())[:300]}
json.dump(results, sys.stdout)
