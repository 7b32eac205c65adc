import Foundation
import Testing
import ZIPFoundation

@testable import PodiumCore

@Suite struct CodabenchImportTests {
    /// Export, import back: `podium check` accepts the folder and every example file scores the same.
    @Test(arguments: CodabenchExportTests.slugs)
    func roundTrip(_ slug: String) throws {
        let work = try TemporaryDirectory(prefix: "podium-roundtrip")
        let original = try exampleChallenge(slug)
        _ = try CodabenchExport.export(original, to: work.url.appending(path: "bundle.zip"), now: CodabenchExportTests.now)
        let result = try CodabenchImport.run(bundle: work.url.appending(path: "bundle.zip"), to: work.url.appending(path: "imported"))
        #expect(result.metric == original.manifest.metric)
        #expect(!result.metricGuessed)
        let imported = try Challenge.open(work.url.appending(path: "imported"))
        #expect(ChallengeCheck.run(imported).ok)
        let (a, b) = (try original.loadSolution(), try imported.loadSolution())
        let folder = repositoryRoot.appending(path: "submissions/\(slug)")
        for team in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.appending(path: team).path) where name.hasSuffix(".csv") {
                let file = folder.appending(path: "\(team)/\(name)")
                let before = try? Scorer.score(file: file, solution: a)
                let after = try? Scorer.score(file: file, solution: b)
                #expect(before?.scores == after?.scores, "\(team)/\(name)")
            }
        }
    }

    /// A bundle shaped like Codabench's wheat_seeds example: one task per phase, headerless
    /// label files matched by row order with space-separated input data, no ids, the metric
    /// named only in the scoring code, HTML pages.
    @Test func wheatSeedsShapedBundle() throws {
        let work = try TemporaryDirectory(prefix: "podium-wheat")
        let yaml = """
            version: 2
            title: Wheat Seeds
            image: logo.png
            terms: pages/terms.html
            pages:
              - {title: Overview, file: pages/overview.html}
            tasks:
              - {index: 0, name: Development, scoring_program: scoring_program, reference_data: dev_phase/reference_data, input_data: dev_phase/input_data}
              - {index: 1, name: Final, scoring_program: scoring_program, reference_data: final_phase/reference_data, input_data: final_phase/input_data}
            phases:
              - {index: 0, name: Development, start: 1-1-2026, end: 2-1-2026, tasks: [0]}
              - {index: 1, name: Final, start: 2-2-2026, tasks: [1]}
            leaderboards:
              - {title: Results, key: main, columns: [{title: score, key: score, index: 0, sorting: desc}]}
            """
        let entries: [(String, String)] = [
            ("wheat/competition.yaml", yaml),
            ("wheat/pages/overview.html", "<h2>Wheat</h2><p>Predict the variety of wheat.</p>"),
            ("wheat/pages/terms.html", "<p>Be nice.</p>"),
            ("wheat/dev_phase/reference_data/testing_label", "1\n2\n3\n1\n2\n3\n"),
            (
                "wheat/dev_phase/input_data/testing_data",
                "15.26 14.84 0.871\n14.88 14.57 0.881\n14.29 14.09 0.905\n13.84 13.94 0.895\n16.14 14.99 0.903\n14.38 14.21 0.895\n"
            ),
            ("wheat/dev_phase/input_data/training_data", "15.1 14.2 0.88\n13.9 13.8 0.87\n12.2 13.0 0.85\n"),
            ("wheat/dev_phase/input_data/training_label", "1\n2\n3\n"),
            ("wheat/final_phase/reference_data/testing_label", "3\n2\n1\n3\n"),
            ("wheat/final_phase/input_data/testing_data", "12.1 13.1 0.88\n13.2 13.9 0.86\n14.1 14.0 0.90\n12.8 13.3 0.87\n"),
            ("wheat/scoring_program/score.py", "from sklearn.metrics import accuracy_score\nprint(accuracy_score(y, p))\n"),
            ("wheat/scoring_program/metadata", "command: python3 $program/score.py $input $output\n"),
        ]
        let bundle = work.url.appending(path: "wheat.zip")
        let archive = try Archive(url: bundle, accessMode: .create)
        for (path, text) in entries {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        let result = try CodabenchImport.run(bundle: bundle, to: work.url.appending(path: "wheat"))
        #expect(result.metric == .accuracy)
        #expect(result.metricGuessed)
        #expect(result.rows.public == 6)
        #expect(result.rows.private == 4)
        #expect(result.notes.contains { $0.contains("guess") && $0.contains("accuracy_score") })
        #expect(result.notes.contains { $0.contains("scoring program") })
        let challenge = try Challenge.open(work.url.appending(path: "wheat"))
        #expect(challenge.manifest.task == .multiclass)
        #expect(challenge.manifest.classes == ["1", "2", "3"])
        #expect(ChallengeCheck.run(challenge).ok)
        let test = try CSVTable.read(challenge.testURL)
        #expect(test.header == ["id", "x1", "x2", "x3"])
        #expect(test.rows.count == 10)
        #expect(test.rows[0] == ["r000001", "15.26", "14.84", "0.871"])
        let train = try CSVTable.read(challenge.trainURL)
        #expect(train.header == ["x1", "x2", "x3", "target"])
        #expect(train.rows.count == 3)
        #expect(train.rows[2] == ["12.2", "13.0", "0.85", "3"])
        let readme = try String(contentsOf: challenge.readmeURL, encoding: .utf8)
        #expect(readme.contains("Predict the variety of wheat."))
        #expect(!readme.contains("<p>"))
        // A perfect file scores 1 on both parts.
        let solution = try challenge.loadSolution()
        let ids = solution.allIDs()
        let labels = try CSVTable.read(challenge.solutionURL).rows.map { $0[1] }
        let perfect = "id,target\n" + zip(ids, labels).map { "\($0),\($1)\n" }.joined()
        let report = try Scorer.score(data: Data(perfect.utf8), name: "perfect.csv", solution: solution)
        #expect(report.scores.public[.accuracy] == 1)
        #expect(report.scores.private[.accuracy] == 1)
    }

    /// Shaped like the course's template (Competition_Bundle): an ingestion program, a scoring
    /// program, and a reference_data folder holding only its README: refused, saying why and
    /// what else it found.
    @Test func theCourseTemplateIsRefusedWithWhatItLacks() throws {
        let work = try TemporaryDirectory(prefix: "podium-template")
        let bundle = work.url.appending(path: "template.zip")
        let archive = try Archive(url: bundle, accessMode: .create)
        let yaml = """
            version: 2
            title: M1 AI Challenge
            image: logo.png
            terms: pages/terms.md
            pages: [{title: Overview, file: pages/overview.md}]
            phases:
              - index: 0
                name: Phase 1
                start: 2026-01-01 # YYYY-MM-DD
                end: 2026-02-01
                tasks: [0]
            tasks:
              - {index: 0, name: Sample Task, input_data: input_data/, reference_data: reference_data/, scoring_program: scoring_program/, ingestion_program: ingestion_program/}
            leaderboards: [{title: Results, key: main_leaderboard, columns: [{index: 0, title: Score, key: score}]}]
            """
        for (path, text) in [
            ("competition.yaml", yaml), ("pages/overview.md", "# Overview\n"), ("pages/terms.md", "Terms\n"),
            ("reference_data/README.md", "# Reference Data\nTest labels go here.\n"), ("input_data/README.md", "# Input\n"),
            ("ingestion_program/ingestion.py", "print('run the model')\n"), ("scoring_program/score.py", "import json\n"),
        ] {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count)) { p, s in data.subdata(in: Int(p)..<Int(p) + s) }
        }
        do {
            _ = try CodabenchImport.run(bundle: bundle, to: work.url.appending(path: "out"))
            Issue.record("a bundle without answers was imported")
        } catch let error as PodiumError {
            let message = error.localizedDescription
            #expect(message.contains("no answers"))
            #expect(message.contains("reference_data/"))
            #expect(message.contains("README.md"))
            #expect(message.contains("ingestion program"))
        }
    }

    /// `x.zip` in `work`, holding only a `competition.yaml` of `text`.
    func bundle(in work: TemporaryDirectory, competition text: String) throws -> URL {
        let zip = work.url.appending(path: "x.zip")
        let archive = try Archive(url: zip, accessMode: .create)
        let data = Data(text.utf8)
        try archive.addEntry(with: "competition.yaml", type: .file, uncompressedSize: Int64(data.count)) { p, s in
            data.subdata(in: Int(p)..<Int(p) + s)
        }
        return zip
    }

    @Test func aBundleWithoutAnswersIsRefusedClearly() throws {
        let work = try TemporaryDirectory(prefix: "podium-noanswers")
        let zip = try bundle(
            in: work, competition: "version: 2\ntitle: X\ntasks: [{index: 0, scoring_program: s}]\nphases: [{index: 0, tasks: [0]}]\n")
        #expect(throws: PodiumError.self) { try CodabenchImport.run(bundle: zip, to: work.url.appending(path: "out")) }
    }

    /// Every YAML that people write is read one way (`YAMLText`): a `competition.yaml` that
    /// does not parse is named with its line and the problem (it was "no competition.yaml at
    /// its root"), and so is an ingestion program's `metadata.yaml` (Yams's dump before).
    @Test func invalidYAMLIsNamedWithItsLine() throws {
        let work = try TemporaryDirectory(prefix: "podium-badyaml")
        let data = Data("version: 2\ntitle: [unclosed\n".utf8)
        let zip = try bundle(in: work, competition: String(decoding: data, as: UTF8.self))
        #expect(
            throws: YAMLText.SyntaxError(file: "x.zip/competition.yaml", line: 3, problem: "invalid YAML: did not find expected ',' or ']'")
        ) { try CodabenchImport.run(bundle: zip, to: work.url.appending(path: "out")) }
        #expect(
            CodabenchValidator.validate(files: ["competition.yaml": data]).first
                == "competition.yaml line 3: invalid YAML: did not find expected ',' or ']'")
        #expect(
            throws: YAMLText.SyntaxError(file: "p/metadata.yaml", line: 1, problem: "invalid YAML: mapping values are not allowed in this context")
        ) {
            try IngestionProgram(files: ["metadata.yaml": Data("command: a: b\n".utf8)], name: "p")
        }
        #expect(throws: YAMLText.SyntaxError(file: "p/metadata.yaml", line: nil, problem: "is not UTF-8 text")) {
            try IngestionProgram(files: ["metadata.yaml": Data([0xFF, 0xFE, 0x00])], name: "p")
        }
    }
}

@Suite struct ZipFilesLimitTests {
    @Test func aBundleThatInflatesPastTheLimitStops() throws {
        let work = try TemporaryDirectory(prefix: "podium-zip-limit")
        let zip = work.url.appending(path: "big.zip")
        let archive = try Archive(url: zip, accessMode: .create)
        let data = Data(repeating: 0x41, count: 1 << 20)
        try archive.addEntry(with: "big.txt", type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { p, s in
            data.subdata(in: Int(p)..<Int(p) + s)
        }
        #expect(throws: ZipReader.Damaged.self) { try ZipReader(url: zip).files(limit: 1 << 19) }
        #expect(try ZipReader(url: zip).files(limit: 1 << 21)["big.txt"]?.count == 1 << 20)
    }
}
