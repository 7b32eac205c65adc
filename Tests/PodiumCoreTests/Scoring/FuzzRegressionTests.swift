import Foundation
import Testing
import ZIPFoundation

@testable import PodiumCore

/// Inputs the fuzz harnesses (Fuzz/) found, replayed through the same entry points, each with
/// a deadline: a hang is a failure too. Add a crash input under Fixtures/fuzz/<harness>/.
@Suite struct FuzzRegressionTests {
    static func inputs(_ harness: String) -> [URL] {
        let folder = repositoryRoot.appending(path: "Tests/PodiumCoreTests/Fixtures/fuzz/\(harness)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().map { folder.appending(path: $0) }
    }

    /// Runs `work` on another thread and says whether it ended within `seconds`.
    func finishes(within seconds: Double, _ work: @escaping @Sendable () -> Void) -> Bool {
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            work()
            done.signal()
        }
        return done.wait(timeout: .now() + seconds) == .success
    }

    @Test(arguments: inputs("bundle")) func bundleInputs(_ input: URL) {
        let ended = finishes(within: 10) {
            do {
                _ = try Challenge.open(input).loadSolution()
            } catch is BundleError {
            } catch {
                Issue.record("unexpected \(type(of: error)): \(error)")
            }
        }
        #expect(ended, "\(input.lastPathComponent) does not finish")
    }

    @Test(arguments: inputs("submission")) func submissionInputs(_ input: URL) throws {
        let bytes = try Data(contentsOf: input)
        let solutions = try ["breast-cancer", "wine", "diabetes", "relu-teacher"].map { try exampleChallenge($0).loadSolution() }
        guard let first = bytes.first else { return }
        let solution = solutions[Int(first) % solutions.count]
        do {
            let report = try Scorer.score(data: bytes.dropFirst(), name: "fuzz.csv", solution: solution)
            for part in Part.allCases { for value in report.scores[part].values { #expect(value.isFinite) } }
        } catch let refused as SubmissionRefused {
            // The harness's invariants: no more examples than problems, every message capped.
            for group in refused.groups {
                #expect(group.count >= group.examples.count)
                for example in group.examples { #expect(example.message.count <= Echo.maxMessageCharacters + 1, "\(example.message)") }
            }
        } catch is ScoringError {
        }
    }

    /// The same damage as the bundle above, in a zipped submission and a gzipped one.
    @Test func damagedCompressedSubmissionsAreRefusedQuickly() throws {
        let folder = try temporaryFolder()
        let csv = Data(String(repeating: "id,malignant\n1,0.5\n2,0.25\n", count: 200).utf8)
        let zip = folder.url.appending(path: "sub.zip")
        let archive = try Archive(url: zip, accessMode: .create)
        try archive.addEntry(
            with: "sub.csv", type: .file, uncompressedSize: Int64(csv.count), compressionMethod: .deflate,
            provider: { position, size in csv.subdata(in: Int(position)..<Int(position) + size) })
        var bytes = try Data(contentsOf: zip)
        // Damage the deflate stream (it starts after the 30-byte header and the name).
        for i in 40..<48 { bytes[i] ^= 0x5A }
        try bytes.write(to: zip)
        let gz = folder.url.appending(path: "sub.csv.gz")
        var gzip = try Gzip.compress(csv)
        gzip.removeLast(gzip.count / 2)  // truncated
        try gzip.write(to: gz)
        for file in [zip, gz] {
            let ended = finishes(within: 10) {
                #expect(throws: CSVError.self) { try CSVSource.contents(file) }
            }
            #expect(ended, "\(file.lastPathComponent) does not finish")
        }
    }
}
