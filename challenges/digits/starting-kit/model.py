"""A sample model for the digits challenge: scaled pixels, then a logistic regression.

Podium's ingestion calls Model().fit(X, y) with the training pixels (a pandas DataFrame) and
the digits, then predict(X_test). Change anything inside the class; keep its two methods.
"""
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


class Model:
    def __init__(self):
        self.model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))

    def fit(self, X, y):
        self.model.fit(X, y)

    def predict(self, X):
        return self.model.predict(X)
