import Foundation
import Testing

@testable import PodiumCore

/// The shipped code challenge (digits) end to end in the real sandbox: its sample model, an
/// author's ingestion program in Codabench's layout, and the starting kit a participant runs.
@Suite(.serialized) struct CodeChallengeTests {
    static let python = SandboxTests.python

    /// A copy of the digits challenge with `extra` appended to the `code:` section and `files` added.
    func digits(code extra: String = "", files: [String: String] = [:]) throws -> (TemporaryDirectory, Challenge) {
        let folder = try temporaryFolder()
        let root = folder.url.appending(path: "digits")
        try FileManager.default.copyItem(at: repositoryRoot.appending(path: "challenges/digits"), to: root)
        if !extra.isEmpty {
            let manifest = root.appending(path: "challenge.yaml")
            let text = try String(contentsOf: manifest, encoding: .utf8).replacingOccurrences(of: "code:\n", with: "code:\n" + extra)
            try write(text, to: manifest)
        }
        for (path, text) in files { try write(text, to: root.appending(path: path)) }
        return (folder, try Challenge.open(root))
    }

    @Test func theShippedSampleModelTrainsAndScores() async throws {
        try SandboxTests().requirements()
        let challenge = try exampleChallenge("digits")
        let report = try await offThePool {
            try CodeRunner.run(challenge: challenge, code: challenge.root.appending(path: "starting-kit/model.py"), python: Self.python)
        }
        #expect(report.status == .accepted)
        #expect(report.rows == 719)
        #expect((report.scores?.score(.public) ?? 0) > 0.9)
        #expect(report.validatedOnly == nil)
    }

    static let ingestion = """
        # An author's ingestion program in Codabench's layout: the course bundle's paths.
        import os, sys
        import pandas as pd
        sys.path.append("/app/ingested_program")
        from model import Model
        train = pd.read_csv("/app/input_data/train.csv", dtype={"id": str})
        test = pd.read_csv("/app/input_data/test.csv", dtype={"id": str})
        print("author's ingestion in", os.getcwd(), "with", sys.argv[1:])
        model = Model()
        model.fit(train.drop(columns=["id", "digit"]), train["digit"])
        pd.DataFrame({"id": test["id"], "digit": model.predict(test.drop(columns=["id"]))}).to_csv("/app/output/predictions.csv", index=False)

        """

    @Test func anAuthorsIngestionProgramRunsInCodabenchsLayout() async throws {
        try SandboxTests().requirements()
        let (folder, challenge) = try digits(
            code: "  ingestion: ingestion_program/\n",
            files: [
                "ingestion_program/metadata.yaml": "command: python3 ingest.py --codabench $output\n", "ingestion_program/ingest.py": Self.ingestion,
            ])
        _ = folder
        #expect(ChallengeCheck.run(challenge, audit: false).errors == [])
        let report = try await offThePool {
            try CodeRunner.run(challenge: challenge, code: challenge.root.appending(path: "starting-kit/model.py"), python: Self.python)
        }
        #expect(report.status == .accepted)
        #expect((report.scores?.score(.public) ?? 0) > 0.9)
        #expect(report.log.contains("author's ingestion in /app/program with ['--codabench', '/app/output']"))
        #expect(report.log.contains("[podium] ingestion program: python3 ingest.py --codabench /app/output"))
    }

    @Test func anAuthorsProgramThatFailsNamesItself() async throws {
        try SandboxTests().requirements()
        let (folder, challenge) = try digits(
            code: "  ingestion: ingestion_program\n",
            files: [
                "ingestion_program/metadata.yaml": "command: python3 ingest.py\n",
                "ingestion_program/ingest.py": "raise SystemExit('no data for you')\n",
            ])
        _ = folder
        let report = try await offThePool {
            try CodeRunner.run(challenge: challenge, code: challenge.root.appending(path: "starting-kit/model.py"), python: Self.python)
        }
        #expect(report.failure?.kind == .crashed)
        #expect(report.failure?.message.contains("the challenge's ingestion program, running model.py, exited with code 1") == true)
        #expect(report.failure?.message.contains("no data for you") == true)
    }

    @Test func anIngestionProgramWithoutItsCommandIsAnError() async throws {
        let (folder, challenge) = try digits(
            code: "  ingestion: ingestion_program/\n", files: ["ingestion_program/metadata.yaml": "description: no command here\n"])
        _ = folder
        let errors = ChallengeCheck.run(challenge, audit: false).errors
        #expect(errors == ["ingestion_program/metadata.yaml: line 1: no command:; expected for example command: python3 ingestion.py"])
    }

    @Test func anIngestionFolderCannotBeTheReferenceFolder() async throws {
        let folder = try temporaryFolder()
        let root = folder.url.appending(path: "digits")
        try FileManager.default.copyItem(at: repositoryRoot.appending(path: "challenges/digits"), to: root)
        let manifest = root.appending(path: "challenge.yaml")
        let text = try String(contentsOf: manifest, encoding: .utf8).replacingOccurrences(of: "code:\n", with: "code:\n  ingestion: reference/\n")
        try write(text, to: manifest)
        #expect {
            try Challenge.open(root)
        } throws: { error in
            error.localizedDescription.contains("code.ingestion: expected a folder of its own such as ingestion_program/, found \"reference/\"")
        }
    }

    @Test func theStartingKitRunsAsThePlatformDoesWithoutTheAnswers() async throws {
        try SandboxTests().requirements()
        let out = try temporaryFolder()
        let packed = try PodiumBundle.pack(try exampleChallenge("digits"), to: out.url)
        let paths = try StartingKit.files(try Data(contentsOf: packed.startingKit)).map(\.path)
        #expect(paths.contains("challenge.yaml"))
        #expect(paths.contains("RUNNING.md"))
        #expect(paths.contains("starting-kit/model.py"))
        #expect(paths.contains("ingestion/podium_ingestion.py"))
        #expect(!paths.contains { $0.hasPrefix("reference/") || $0.hasPrefix("source/") })

        // podium run KIT model.py: the same sandbox, the predictions checked, not scored.
        let kit = try Challenge.open(packed.startingKit)
        let model = kit.root.appending(path: "starting-kit/model.py")
        let report = try await offThePool { try CodeRunner.run(challenge: kit, code: model, python: Self.python) }
        #expect(report.status == .accepted)
        #expect(report.validatedOnly == true)
        #expect(report.scores == nil)

        // Wrong predictions are refused there as they would be on the platform.
        let wrong = out.url.appending(path: "model.py")
        try write(
            """
            class Model:
                def fit(self, X, y): pass
                def predict(self, X): return ["ten"] * len(X)

            """, to: wrong)
        let refused = try await offThePool { try CodeRunner.run(challenge: kit, code: wrong, python: Self.python) }
        #expect(refused.status == .refused)
        #expect(refused.problems?.localizedDescription.contains("ten") == true)
    }

    @Test func theKitsHarnessRunsWithPythonAlone() async throws {
        try SandboxTests().requirements()
        let out = try temporaryFolder()
        let packed = try PodiumBundle.pack(try exampleChallenge("digits"), to: out.url)
        let kit = out.url.appending(path: "kit")
        try PodiumBundle.extractKit(packed.startingKit, to: kit)
        let process = Process()
        process.executableURL = Self.python
        process.currentDirectoryURL = kit
        process.arguments = [
            "ingestion/podium_ingestion.py", "ingestion/settings.json", "--submission", "starting-kit", "--input", "data", "--output", "out",
        ]
        process.standardError = FileHandle.nullDevice
        let status = try await offThePool {
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        #expect(status == 0)
        let predictions = try String(contentsOf: kit.appending(path: "out/predictions.csv"), encoding: .utf8)
        #expect(predictions.hasPrefix("id,digit\n"))
        #expect(predictions.split(separator: "\n").count == 720)
    }
}
