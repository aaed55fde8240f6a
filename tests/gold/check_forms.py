#!/usr/bin/env python3
"""Checks the two files of the gold set that `briefing check` cannot read:
forms.yaml (every surface form occurs in its seed, at word boundaries, and
names an existing entity) and split.yaml (every seed in exactly one half).
Needs Python 3 and PyYAML. Run from anywhere: python3 tests/gold/check_forms.py"""
import os, re, sys, yaml

HERE = os.path.dirname(os.path.abspath(__file__))
MARKER = re.compile(r'\s*\[citation:[^\]]*\]', re.I)

def word(c):
    return c.isalnum() or c == '_'

def occurs(lines, form):
    for line in lines:
        i = line.find(form)
        while i >= 0:
            j = i + len(form)
            left = i == 0 or not word(form[0]) or not word(line[i - 1])
            right = j == len(line) or not word(form[-1]) or not word(line[j])
            if left and right:
                return True
            i = line.find(form, i + 1)
    return False

def main():
    problems = []
    seeds = sorted(f for f in os.listdir(os.path.join(HERE, 'seeds')) if f.endswith('.txt'))
    entities = {f[:-5] for f in os.listdir(os.path.join(HERE, 'content', 'entities')) if f.endswith('.yaml')}
    forms = yaml.safe_load(open(os.path.join(HERE, 'forms.yaml'), encoding='utf-8'))
    for seed in seeds:
        if seed not in forms:
            problems.append(f'forms.yaml: no entry for {seed}')
    for seed, table in forms.items():
        path = os.path.join(HERE, 'seeds', seed)
        if not os.path.exists(path):
            problems.append(f'forms.yaml: unknown seed {seed}')
            continue
        lines = [MARKER.sub('', l.strip()) for l in open(path, encoding='utf-8')]
        for eid, fl in table.items():
            if eid not in entities:
                problems.append(f'{seed}: unknown entity {eid}')
            if not fl:
                problems.append(f'{seed}: {eid} has no forms')
            for form in fl or []:
                if not occurs(lines, form):
                    problems.append(f'{seed}: form {form!r} of {eid} not found')
    split = yaml.safe_load(open(os.path.join(HERE, 'split.yaml'), encoding='utf-8'))
    tuning, held = split.get('tuning') or [], split.get('held_out') or []
    for s in set(tuning) & set(held):
        problems.append(f'split.yaml: {s} is in both halves')
    for s in seeds:
        if s not in tuning and s not in held:
            problems.append(f'split.yaml: {s} is in neither half')
    for s in tuning + held:
        if s not in seeds:
            problems.append(f'split.yaml: unknown seed {s}')
    for p in problems:
        print(p)
    n = sum(len(fl) for t in forms.values() for fl in t.values())
    print(f'{len(forms)} seeds, {sum(len(t) for t in forms.values())} entity mentions, {n} surface forms; '
          f'split {len(tuning)} tuning / {len(held)} held out; {len(problems)} problems')
    return 1 if problems else 0

if __name__ == '__main__':
    sys.exit(main())
