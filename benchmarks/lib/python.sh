# Sourced by the benchmarks: $py is a Python that has what the reference scripts import
# (numpy, pandas, scikit-learn, SciPy), $PYTHON when set, else the first of python3 on the
# PATH and Debian's /usr/bin/python3 (python3-sklearn, python3-pandas) that has them.
py=${PYTHON:-}
if [ -z "$py" ]; then
  for candidate in python3 /usr/bin/python3; do
    if "$candidate" -c "import numpy, pandas, sklearn, scipy" 2>/dev/null; then py=$candidate; break; fi
  done
fi
[ -n "$py" ] || { echo "no Python with numpy, pandas, scikit-learn and SciPy: apt-get install python3-sklearn python3-pandas (or set PYTHON)" >&2; exit 1; }
