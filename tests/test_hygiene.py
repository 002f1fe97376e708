"The product describes the software, not the making of it: no process words, notebooks small and without local paths."
import json, re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# the words that tell how the work was done rather than what the software does; spelt in pieces
# (bracketed letters, optional groups), so that this file does not itself hold the words it looks for
PROCESS = re.compile(r"\bsess(?:ion)s?\b|scrip[t] not kept|\btoda[y]'s\b|\biss[u]e\s*#?\d+|\bour readin[g]\b|developmen[t] machine", re.I)
FILES = [ROOT / 'README.md', *sorted((ROOT / 'nbs').rglob('*.ipynb')), *sorted((ROOT / 'mvkp').glob('*.py')),
         *sorted((ROOT / 'tests').glob('*.py')), *sorted((ROOT / 'benchmarks').glob('*.py'))]


def test_no_process_words():
    hits = []
    for f in FILES:
        if f.name == Path(__file__).name: continue
        for i, line in enumerate(f.read_text(encoding='utf-8').splitlines(), 1):
            m = PROCESS.search(line)
            if m: hits.append(f'{f.relative_to(ROOT)}:{i}: {m[0]!r}')
    assert not hits, '\n'.join(hits)


def test_the_check_finds_process_words():
    # the samples are split into adjacent literals, which Python joins: 'Sess' 'ion 4' is one string
    assert PROCESS.search('measured in Sess' 'ion 4') and PROCESS.search("toda" "y's default") and PROCESS.search('see iss' 'ue #12')
    assert PROCESS.search('three sess' 'ions later') and PROCESS.search('figures from the developmen' 't machine')
    assert PROCESS.search('scrip' 't not kept') and PROCESS.search('our readin' 'g of it') and PROCESS.search('a sess' 'ion')
    assert not PROCESS.search('a tissue sample') and not PROCESS.search('the issues of a rig')


def test_notebooks_small_and_without_local_paths():
    for f in sorted((ROOT / 'nbs').rglob('*.ipynb')):
        size = f.stat().st_size
        assert size < 60_000, f'{f.relative_to(ROOT)}: {size} bytes; keep notebooks under 60 KB'
        text = f.read_text(encoding='utf-8')
        assert not re.search(r'/(work|home|root|Users|tmp)/[\w.-]+/', text), f'{f.relative_to(ROOT)}: an absolute local path'
        json.loads(text)                                          # and still a notebook
