import PodiumStore
import Hummingbird
public enum PodiumServerStub {}
