"""The offline HTML viewer (`mvkp viz` / `write_viewer`) in a real headless browser: Debian's Chromium driven by Selenium.

It loads from a file with no network, shows the 3D scene without console errors, and changing the frame
moves the keypoints. A screenshot is kept in tests/artifacts/viewer.png (not committed) for a person to look at.
`make test` installs chromium and chromium-driver where it can (root and apt-get); without them the test is skipped.
"""
import json, os, shutil, time
from pathlib import Path
import numpy as np
import pytest

from conftest import CHROMIUM, DRIVER, ART, HAVE_BROWSER

pytestmark = pytest.mark.skipif(not HAVE_BROWSER, reason='needs Debian chromium and chromium-driver (make test installs them as root)')

def _viewer(tmp_path):
    from mvkp.cameras import studio_rig
    from mvkp.viz import write_viewer
    cams = studio_rig(n_views=4)
    base = np.array([[0, 0, 1.0], [0.3, 0, 1.5], [0, 0.3, 1.2], [-0.2, 0.1, 0.4]])
    pts = np.stack([base + [0.03 * t, 0.02 * t, 0] for t in range(20)])          # (T, K, 3), moving along x and y
    path = tmp_path / 'viewer.html'
    write_viewer(path, cams, pts, edges=[(0, 1), (1, 2), (0, 3)], strengths=[0.9, 0.3, 0.6], gt=pts + 0.05, gt_edges=[(0, 1)])
    return path, pts

def _keypoints_x(drv):
    return drv.execute_script("""
        const gd = document.getElementById('mvkp-viewer');
        const tr = gd._fullData.find(t => t.name === 'discovered keypoints');   // decoded arrays (plotly.py sends typed, base64 data)
        return tr ? Array.from(tr.x) : null;""")

def test_viewer_loads_and_frames_move(browser, tmp_path):
    path, pts = _viewer(tmp_path)
    html = path.read_text()
    assert 'https://cdn.plot.ly' not in html.split('<body>')[-1][:2000] and len(html) > 1_000_000   # plotly.js is embedded
    browser.get(path.as_uri())
    t0 = time.time()
    while time.time() - t0 < 30:                    # wait for plotly to draw the WebGL scene
        ready = browser.execute_script("const gd = document.getElementById('mvkp-viewer'); return !!(gd && gd._fullLayout && gd._fullLayout.scene && document.querySelector('#mvkp-viewer canvas'));")
        if ready: break
        time.sleep(0.2)
    assert ready, 'the 3D scene did not render'
    n_traces = browser.execute_script("return document.getElementById('mvkp-viewer').data.length")
    assert n_traces >= 4 + 1 + 5, n_traces           # frustums, camera centres, edge groups and keypoints
    x0 = _keypoints_x(browser)
    np.testing.assert_allclose(x0, pts[0, :, 0], atol=1e-9)
    # a frame change through the slider's own step (what a click on the slider does)
    browser.execute_script("""
        const gd = document.getElementById('mvkp-viewer');
        const step = gd.layout.sliders[0].steps[10];
        Plotly.animate(gd, step.args[0], step.args[1]);""")
    t0 = time.time()
    while time.time() - t0 < 10:
        x1 = _keypoints_x(browser)
        if not np.allclose(x1, x0): break
        time.sleep(0.1)
    np.testing.assert_allclose(x1, pts[10, :, 0], atol=1e-9)
    ART.mkdir(exist_ok=True)
    browser.save_screenshot(str(ART / 'viewer.png'))
    assert (ART / 'viewer.png').stat().st_size > 10_000
    logs = browser.get_log('browser')
    errors = [l for l in logs if l['level'] == 'SEVERE']
    assert not errors, json.dumps(errors, indent=1)
