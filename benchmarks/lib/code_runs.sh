# Shared by the benchmarks of code runs (source it from the repository's root): breast-cancer
# as a code challenge with room in its limits, packed into $work/b, a logistic regression as
# $work/model.py, and fresh, which publishes it into a new store at $work/s with the roster.
# Needs $podium and $work.
code_challenge() {
  cp -r challenges/breast-cancer "$work/bc"
  printf 'code:\n  time_limit: 120\n  max_pending: 100\n' >>"$work/bc/challenge.yaml"
  sed -i 's/max_per_day: 5/max_per_day: 100/; s/max_total: 50/max_total: 500/' "$work/bc/challenge.yaml"
  "$podium" pack "$work/bc" -o "$work/b" >/dev/null
  cat >"$work/model.py" <<'PY'
from sklearn.linear_model import LogisticRegression
class Model:
    def fit(self, X, y):
        self.m = LogisticRegression(max_iter=5000).fit(X, y)
        self.classes_ = self.m.classes_
    def predict_proba(self, X):
        return self.m.predict_proba(X)
PY
}

fresh() {
  rm -rf "$work/s"
  "$podium" publish "$work/b/breast-cancer-v1.podium" --data "$work/s" >/dev/null
  "$podium" roster import submissions/roster.csv --challenge breast-cancer --data "$work/s" >/dev/null
}
