import ArgumentParser
import PodiumServer
@main struct Podium: ParsableCommand { func run() {} }
