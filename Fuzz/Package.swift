// swift-tools-version:6.2
// libFuzzer harnesses for what Podium reads from participants and authors. Built apart from the
// main package because `-sanitize=fuzzer` links libFuzzer's own `main`; `run.sh` builds and runs
// them (see README.md).
import PackageDescription

let harness = { (name: String) in
    Target.executableTarget(name: name, dependencies: [.product(name: "PodiumCore", package: "podium")])
}

let package = Package(
    name: "podium-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "podium", path: "..")],
    targets: ["FuzzCSV", "FuzzSubmission", "FuzzManifest", "FuzzBundle"].map(harness)
)
