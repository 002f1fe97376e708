"""Build mvkp's offline documentation site: HTML from the notebooks, with Sphinx and MyST-NB.

nbdev_proc_nbs first renders each notebook the way nbdev's Quarto site would (frontmatter, `show_doc`
of every exported symbol, directives applied) into `_proc/`; this turns its Quarto markup into plain
Markdown cells (the frontmatter into a title, `show_doc` output into Markdown, Quarto attributes
dropped), adds the table of contents to the front page, and runs `sphinx-build` into `--out`
(default `_docs/`). Every page and asset is local: no CDN. Run: python tools/docs.py [--out DIR]
"""
import argparse, json, re, shutil, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
QUARTO_ATTR = re.compile(r'\{(?:target|style|\.)[^}]*\}')
SITE = re.compile(r'https://mvkp\.github\.io/mvkp/([\w/]+)\.html')                  # doclinks to the Quarto site become links between pages here


def _md(text): return dict(cell_type='markdown', metadata={}, source=text)


def convert(nb: dict) -> dict:
    "A notebook of `_proc/` with its Quarto markup turned into plain Markdown cells."
    cells = []
    for c in nb['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] == 'raw' and src.startswith('---'):
            fm = dict(re.findall(r'^(title|description): (.*(?:\n  .*)*)', src, re.M))
            title, desc = (fm.get(k, '').replace('\n  ', ' ').strip() for k in ('title', 'description'))
            if title: cells.append(_md(f'# {title}' + (f'\n\n> {desc}' if desc else '')))
            continue
        if c['cell_type'] == 'markdown':
            if src.startswith('<!-- WARNING'): continue
            cells.append(_md(SITE.sub(r'\1.ipynb', QUARTO_ATTR.sub('', src)))); continue
        lines = src.splitlines()
        if any(l.replace(' ', '') in ('#|hide', '#|include:false') for l in lines): continue
        if any(l.replace(' ', '') == '#|output:asis' for l in lines):          # show_doc: its Markdown output becomes the cell
            for o in c.get('outputs', []):
                text = o.get('data', {}).get('text/markdown')
                if text: cells.append(_md(SITE.sub(r'\1.ipynb', QUARTO_ATTR.sub('', ''.join(text))).lstrip().removeprefix('---').lstrip()))
            continue
        code = '\n'.join(l for l in lines if not l.lstrip().startswith('#|')).strip('\n')
        if code: cells.append(dict(c, source=code, outputs=c.get('outputs', []), execution_count=None))
    return dict(nb, cells=cells)


def page_name(nb: dict, rel: Path) -> str:
    "A page's name: the module's (`output-file` of nbdev's frontmatter, as doclinks name it), else the notebook's."
    fm = ''.join(nb['cells'][0]['source']) if nb['cells'] and nb['cells'][0]['cell_type'] == 'raw' else ''
    m = re.search(r'^output-file: (\S+)\.html', fm, re.M)
    return (rel.parent / m[1]).as_posix() if m and rel.stem != 'index' else rel.with_suffix('').as_posix()


def build(out: Path, proc: bool = True) -> Path:
    "Write the site into `out`; returns its front page."
    if proc: subprocess.run([str(BIN / 'nbdev_proc_nbs')], cwd=ROOT, check=True)
    src, stage = ROOT / '_proc', ROOT / '_proc_sphinx'
    shutil.rmtree(stage, ignore_errors=True)
    names = []
    for p in sorted(src.rglob('*.ipynb')):                                       # the notebooks' order
        nb = json.loads(p.read_text()); name = page_name(nb, p.relative_to(src)); names.append(name)
        dest = stage / f'{name}.ipynb'; dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(json.dumps(convert(nb)))
    names = ['index'] + [n for n in names if n != 'index']
    front = json.loads((stage / 'index.ipynb').read_text())
    front['cells'].append(_md('```{toctree}\n:maxdepth: 1\n:caption: Contents\n\n' + '\n'.join(names[1:]) + '\n```'))
    (stage / 'index.ipynb').write_text(json.dumps(front))
    subprocess.run([str(BIN / 'sphinx-build'), '-q', '-b', 'html', '-c', str(ROOT / 'tools' / 'sphinx'), str(stage), str(out)], check=True)
    return out / 'index.html'


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default=str(ROOT / '_docs'), help='where the HTML goes (default: _docs/)')
    ap.add_argument('--no-proc', action='store_true', help='reuse _proc/ from an earlier nbdev_proc_nbs')
    a = ap.parse_args()
    print(f'documentation site: {build(Path(a.out), proc=not a.no_proc)}')
