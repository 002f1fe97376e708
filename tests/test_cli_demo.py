"End-to-end: the README's main job, run through the console command, as a user would."
import json, os, re, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(*args, **kw):
    return subprocess.run([str(BIN / 'mvkp'), *args], capture_output=True, text=True, cwd=ROOT, timeout=300, **kw)


def test_demo_writes_report(tmp_path):
    r = run('demo', '--out', str(tmp_path / 'demo'), '--frames', '30')
    assert r.returncode == 0, r.stderr
    out = tmp_path / 'demo'
    for f in ('metrics.json', 'report.md', 'error_vs_noise.png', 'scene.html', 'calibration.toml'):
        assert (out / f).stat().st_size > 0, f
    m = json.loads((out / 'metrics.json').read_text())
    rows = {r['noise_px']: r for r in m['rows']}
    assert m['n_cameras'] == 4 and m['n_frames'] == 30
    assert rows[0.0]['mpjpe_mm_weighted'] < 0.01
    errs = [rows[s]['mpjpe_mm_weighted'] for s in sorted(rows)]
    assert errs == sorted(errs) and errs[-1] > 5          # error grows with the noise
    html = (out / 'scene.html').read_text()
    assert not re.search(r'<script[^>]*\bsrc=["\']https?:', html)   # nothing loaded from the network
    assert len(html) > 1_000_000 and 'Plotly.newPlot' in html           # plotly.js embedded: works offline
    assert '| noise px |' in (out / 'report.md').read_text()


def test_bad_arguments_exit_nonzero(tmp_path):
    r = run('demo', '--out', str(tmp_path), '--frames', '0')
    assert r.returncode == 2 and '--frames must be >= 1' in r.stderr
    r = run('no-such-command')
    assert r.returncode == 2 and 'invalid choice' in r.stderr
