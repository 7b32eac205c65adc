import PodiumCore
public enum PodiumStoreStub {}
