"""alpha: the three nearest training images vote."""
from sklearn.neighbors import KNeighborsClassifier


class Model:
    def __init__(self):
        self.model = KNeighborsClassifier(n_neighbors=3)

    def fit(self, X, y):
        self.model.fit(X, y)

    def predict(self, X):
        return self.model.predict(X)
