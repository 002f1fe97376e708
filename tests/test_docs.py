"The offline documentation site: `tools/docs.py` (`make docs`) builds HTML from the notebooks, and its front page opens in a headless browser."
import re, subprocess, sys
from pathlib import Path
import pytest
from conftest import ART, HAVE_BROWSER

ROOT = Path(__file__).resolve().parents[1]
pytest.importorskip('myst_nb', reason='the docs extra (sphinx, myst-nb) is part of .[dev]')


@pytest.fixture(scope='module')
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp('docs') / '_docs'
    r = subprocess.run([sys.executable, str(ROOT / 'tools' / 'docs.py'), '--out', str(out)], capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-3000:]
    return out


def test_every_notebook_is_a_page_and_nothing_comes_from_the_network(site):
    names = {p.stem for p in (ROOT / 'nbs').glob('[0-9]*.ipynb')}
    assert len(names) >= 14
    pages = {p.stem for p in site.glob('*.html')}
    assert {'index', 'cameras', 'triangulation', 'model', 'training', 'cli', 'demo'} <= pages, pages
    assert (site / 'explanations' / 'design.html').exists()
    for p in site.rglob('*.html'):
        html = p.read_text(encoding='utf-8')
        assert not re.search(r'<(script|link|img)[^>]+(src|href)=["\']https?://', html), f'{p.name}: an asset from the network'
    enc = (site / 'encoder.html').read_text(encoding='utf-8')
    assert 'EncoderConfig' in enc and 'Reconstruction' in enc            # show_doc of the exported symbols, and the prose
    assert '{target=' not in enc and ':::' not in enc                   # no Quarto markup left


@pytest.mark.skipif(not HAVE_BROWSER, reason='needs Debian chromium and chromium-driver (make test installs them as root)')
def test_front_page_opens_in_a_browser(site, browser):
    browser.get((site / 'index.html').as_uri())
    assert 'mvkp' in browser.title
    links = [a.get_attribute('href') for a in browser.find_elements('css selector', 'a')]
    assert any(l and l.endswith('/encoder.html') for l in links), links[:40]
    body = browser.find_element('tag name', 'body').text
    assert 'Two commands' in body and 'Your own rig' in body
    ART.mkdir(exist_ok=True); browser.save_screenshot(str(ART / 'docs_index.png'))
    browser.get((site / 'encoder.html').as_uri())
    assert 'Encoder' in browser.title
