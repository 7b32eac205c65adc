import Foundation
import PodiumCore

/// Any bytes as a `.podium` bundle: extraction refuses what it must (paths, links, sizes,
/// hashes), and a bundle that opens has a manifest and a solution that load or are refused.
let file: URL = {
    let folder = FileManager.default.temporaryDirectory.appending(path: "podium-fuzz-bundle-\(getpid())")
    do {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    } catch {
        fatalError("cannot create \(folder.path): \(error)")
    }
    return folder.appending(path: "fuzz.podium")
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    do {
        try Data(bytes: start, count: count).write(to: file)
    } catch {
        fatalError("cannot write \(file.path): \(error)")
    }
    do {
        let challenge = try Challenge.open(file)
        let solution = try challenge.loadSolution()
        precondition(solution.count > 0)
        precondition(challenge.root.path.hasPrefix(FileManager.default.temporaryDirectory.path))
    } catch is PodiumError {
    } catch is BundleError {
    } catch is ManifestError {
    } catch is CSVError {
    } catch {
        fatalError("unexpected error \(type(of: error)): \(error)")
    }
    return 0
}
