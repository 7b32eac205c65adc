import Foundation
import Testing

@testable import PodiumCore

/// Code challenges both ways with Codabench: the export is a code-submission bundle whose
/// ingestion program, run in Codabench's layout, writes the predictions its scoring program
/// scores as Podium does; the import of such a bundle is a code challenge again.
@Suite struct CodabenchCodeTests {
    static let now = CodabenchExportTests.now

    @Test func aCodeChallengeExportsAsACodeSubmissionBundle() throws {
        let challenge = try exampleChallenge("digits")
        let (list, notes) = try CodabenchExport.files(challenge, now: Self.now)
        let files = Dictionary(list, uniquingKeysWith: { a, _ in a })
        #expect(CodabenchValidator.validate(files: files) == [])
        let yaml = String(decoding: files["competition.yaml"]!, as: UTF8.self)
        #expect(yaml.components(separatedBy: "ingestion_program: ingestion_program").count == 3)
        #expect(yaml.components(separatedBy: "input_data: input_data").count == 3)
        #expect(yaml.contains("execution_time_limit: 180"))
        #expect(files["input_data/train.csv"] != nil)
        #expect(files["input_data/test.csv"] != nil)
        #expect(files.keys.allSatisfy { !$0.hasPrefix("input_data/") || !$0.contains("solution") })
        #expect(
            String(decoding: files["ingestion_program/metadata.yaml"]!, as: UTF8.self).hasPrefix("command: python3 /app/program/podium_ingestion.py"))
        #expect(notes.contains { $0.contains("code.memory") })
    }

    /// Codabench's run of the exported bundle, step by step in its layout: the ingestion program
    /// (in the sandbox) trains the sample model, then the scoring program scores its output.
    @Test func theExportedProgramsRunAsCodabenchRunsThem() async throws {
        try SandboxTests().requirements()
        let challenge = try exampleChallenge("digits")
        let files = Dictionary(try CodabenchExport.files(challenge, now: Self.now).files, uniquingKeysWith: { a, _ in a })
        let program = try IngestionProgram(
            files: Dictionary(
                files.compactMap { $0.key.hasPrefix("ingestion_program/") ? (String($0.key.dropFirst("ingestion_program/".count)), $0.value) : nil },
                uniquingKeysWith: { a, _ in a }), name: "ingestion_program")
        let inputs = ["train.csv", "test.csv"].map { (files["input_data/\($0)"]!, $0) }
        let (report, predictions) = try await offThePool {
            try CodeRunner.execute(
                manifest: challenge.manifest, inputs: inputs, code: challenge.root.appending(path: "starting-kit/model.py"),
                python: SandboxTests.python, program: program)
        }
        #expect(report.status == .accepted)
        let written = try temporaryFolder()
        let file = written.url.appending(path: "predictions.csv")
        try #require(predictions).write(to: file)
        let podium = try Scorer.score(file: file, solution: try challenge.loadSolution())
        for (reference, part) in [("reference_public", Part.public), ("reference_private", .private)] {
            let (status, scores) = try CodabenchExportTests.runProgram(files, reference: reference, submission: file)
            #expect(status == 0)
            #expect(abs((scores["accuracy"] ?? -1) - (podium.score(part) ?? 0)) < 1e-9)
        }
    }

    @Test func aCodeBundleImportsAsACodeChallenge() throws {
        let work = try temporaryFolder()
        let original = try exampleChallenge("digits")
        _ = try CodabenchExport.export(original, to: work.url.appending(path: "bundle.zip"), now: Self.now)
        let result = try CodabenchImport.run(bundle: work.url.appending(path: "bundle.zip"), to: work.url.appending(path: "imported"))
        #expect(result.notes.contains { $0.contains("Podium's own") })
        let imported = try Challenge.open(work.url.appending(path: "imported"))
        #expect(imported.manifest.code == original.manifest.code)
        #expect(ChallengeCheck.run(imported, audit: false).errors == [])
        #expect(FileManager.default.fileExists(atPath: imported.root.appending(path: "starting-kit/model.py").path))
    }

    /// Shaped like the course's bundle, with data and an ingestion program that writes Podium's
    /// predictions file: the program is kept, the sample becomes the starting kit's.
    @Test func anAuthorsProgramIsKeptWhenItWritesPredictions() throws {
        let work = try temporaryFolder()
        let source = try exampleChallenge("digits")
        let exported = Dictionary(try CodabenchExport.files(source, now: Self.now).files, uniquingKeysWith: { a, _ in a })
        var files = exported.filter { !$0.key.hasPrefix("ingestion_program/") && $0.key != "starting_kit.zip" }
        files["ingestion_program/metadata.yaml"] = Data("command: python3 run_ingestion.py --codabench\n".utf8)
        files["ingestion_program/run_ingestion.py"] = Data(CodeChallengeTests.ingestion.utf8)
        files["sample_code_submission/model.py"] = try Data(contentsOf: source.root.appending(path: "starting-kit/model.py"))
        let bundle = work.url.appending(path: "course.zip")
        try PodiumBundle.writeZip(files.map { ($0.key, $0.value) }, to: bundle)
        let result = try CodabenchImport.run(bundle: bundle, to: work.url.appending(path: "course"))
        #expect(result.notes.contains { $0.contains("carried over as ingestion_program/") })
        let imported = try Challenge.open(work.url.appending(path: "course"))
        #expect(imported.manifest.code?.ingestion == "ingestion_program/")
        #expect(try IngestionProgram.load(root: imported.root, folder: "ingestion_program/").command == "python3 run_ingestion.py --codabench")
        #expect(FileManager.default.fileExists(atPath: imported.root.appending(path: "starting-kit/model.py").path))
        #expect(ChallengeCheck.run(imported, audit: false).errors == [])
    }
}
