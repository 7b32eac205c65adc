import Foundation
import PodiumCore

/// A submission against the shipped examples (the first byte picks the challenge): it is
/// refused with located problems or scored, every score finite and writable as JSON.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let solutions: [Solution] = ["breast-cancer", "wine", "diabetes", "relu-teacher"].map { slug in
    do {
        return try Challenge.open(root.appending(path: "challenges/\(slug)")).loadSolution()
    } catch {
        fatalError("cannot load challenges/\(slug): \(error)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    let solution = solutions[Int(bytes[0]) % solutions.count]
    let data = Data(bytes.dropFirst())
    do {
        let report = try Scorer.score(data: data, name: "fuzz.csv", solution: solution)
        for part in Part.allCases.map({ report.scores[$0] }) {
            for (metric, value) in part where !value.isFinite { fatalError("\(metric) is \(value)") }
        }
        _ = try report.json()
    } catch let refused as SubmissionRefused {
        for group in refused.groups {
            precondition(group.count >= group.examples.count, "more examples than problems")
            for example in group.examples where example.message.count > Echo.maxMessageCharacters + 1 {
                fatalError("a message of \(example.message.count) characters")
            }
        }
        _ = refused.errorDescription
    } catch is ScoringError {
    } catch is CSVError {
    } catch {
        fatalError("unexpected error \(error)")
    }
    return 0
}
