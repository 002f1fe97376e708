"Sphinx configuration of mvkp's offline documentation site (`make docs`): MyST-NB over the notebooks that tools/docs.py prepares."
project = 'mvkp'
author = 'mvkp developers'
copyright = '2026 onwards, mvkp developers'
extensions = ['myst_nb']
root_doc = 'index'
nb_execution_mode = 'off'                 # the notebooks carry what nbdev_proc_nbs computed (show_doc); nothing runs here
nb_ipywidgets_js = {}                     # no widget scripts from a CDN
myst_enable_extensions = []               # no dollar math: no MathJax from a CDN
myst_heading_anchors = 4                  # the symbols' headings are link targets, as doclinks expect
html_theme = 'alabaster'
html_title = 'mvkp'
html_static_path = []
html_copy_source = False
exclude_patterns = ['_quarto.yml', 'nbdev.yml', 'sidebar.yml', '*.css']
suppress_warnings = ['myst.header', 'mystnb.unknown_mime_type', 'misc.highlighting_failure']
