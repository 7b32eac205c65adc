"""delta: a model with a typo in fit, which the run names with its traceback."""
from sklearn.ensemble import RandomForestClassifier


class Model:
    def __init__(self):
        self.model = RandomForestClassifier(n_estimators=100, random_state=0)

    def fit(self, X, y):
        self.modle.fit(X, y)

    def predict(self, X):
        return self.model.predict(X)
