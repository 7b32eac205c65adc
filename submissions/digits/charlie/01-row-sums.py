"""charlie, first try: a tree on how much ink each row of the image has."""
import pandas as pd
from sklearn.tree import DecisionTreeClassifier


def rows(X):
    return pd.DataFrame({f"row_{r}": X[[f"pixel_{r}_{c}" for c in range(8)]].sum(axis=1) for r in range(8)})


class Model:
    def __init__(self):
        self.model = DecisionTreeClassifier(random_state=0)

    def fit(self, X, y):
        self.model.fit(rows(X), y)

    def predict(self, X):
        return self.model.predict(rows(X))
