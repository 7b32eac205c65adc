import Foundation
import Testing

@testable import PodiumCore

/// `code:` in challenge.yaml, with its defaults, its sizes, and its mistakes told with their line.
@Suite struct CodeSettingsTests {
    @Test func aCodeChallengeReadsItsSettings() throws {
        let plain = try ChallengeManifest.parse(yaml: minimalManifest)
        #expect(plain.code == nil)
        let manifest = try ChallengeManifest.parse(
            yaml: minimalManifest + "code:\n  entry: model.py\n  time_limit: 120\n  memory: 512MiB\n  cpus: 2\n  max_size: 5MB\n")
        let code = try #require(manifest.code)
        #expect(code.timeLimit == 120)
        #expect(code.memory == 512 << 20)
        #expect(code.cpus == 2)
        #expect(code.maxSize == 5_000_000)
        #expect(code.environment == "default")
        #expect(code.maxPending == 1)
        #expect(try ChallengeManifest.parse(yaml: minimalManifest + "code: {}\n").code == CodeSettings())
    }

    @Test func sizes() {
        #expect(CodeSettings.bytes("2GiB") == 2 << 30)
        #expect(CodeSettings.bytes("1.5 MiB") == 1_572_864)
        #expect(CodeSettings.bytes("64k") == 65_536)
        #expect(CodeSettings.bytes("1000") == 1000)
        #expect(CodeSettings.bytes("lots") == nil)
        #expect(CodeSettings.bytes("-1GiB") == nil)
        #expect(CodeSettings.bytes("0") == nil)
    }

    @Test func mistakesAreToldWithTheirLine() {
        let yaml = minimalManifest + "code:\n  entry: ../model.py\n  memory: lots\n  time_limit: 100000\n  colour: red\n"
        let error = #expect(throws: ManifestError.self) { try ChallengeManifest.parse(yaml: yaml) }
        let problems = error?.problems ?? []
        #expect(problems.contains { $0.key == "code.entry" && $0.line == 11 })
        #expect(problems.contains { $0.key == "code.memory" && $0.message.contains("2GiB") })
        #expect(problems.contains { $0.key == "code.time_limit" })
        #expect(problems.contains { $0.key.contains("colour") })
    }
}
