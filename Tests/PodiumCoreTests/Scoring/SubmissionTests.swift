import Foundation
import Testing
import ZIPFoundation

@testable import PodiumCore

@Suite struct SubmissionTests {
    let challenge: Challenge
    let solution: Solution

    init() throws {
        challenge = try exampleChallenge("breast-cancer")
        solution = try challenge.loadSolution()
    }

    func refusal(_ text: String, name: String = "sub.csv") throws -> SubmissionRefused {
        let folder = try temporaryFolder()
        let url = try write(text, to: folder.url.appending(path: name))
        do {
            _ = try SubmissionReader.read(url, solution: solution)
        } catch let refused as SubmissionRefused {
            return refused
        }
        Issue.record("accepted")
        return SubmissionRefused(file: name, groups: [])
    }

    func valid(_ transform: (String, Int) -> String = { id, _ in "\(id),0.5" }) -> String {
        "id,diagnosis\n" + (0..<solution.count).map { transform(solution.id($0), $0) + "\n" }.joined()
    }

    func kinds(_ r: SubmissionRefused) -> [ProblemKind] { r.groups.map(\.kind) }

    /// Saved by a spreadsheet set to French (";" and decimal commas), or copied out with tabs:
    /// one problem naming the delimiter and how to export commas, not "no column id".
    @Test func aSemicolonOrTabFileIsToldItsDelimiter() throws {
        let french = try refusal("id;diagnosis\n" + (0..<solution.count).map { "\(solution.id($0));0,5\n" }.joined())
        #expect(french.total == 1)
        let message = try #require(french.groups.first?.examples.first?.message)
        #expect(message.contains("separated by semicolons (;), not commas"))
        #expect(message.contains("a spreadsheet set to French"))
        #expect(message.contains("expected the header id,diagnosis"))
        #expect(message.contains("Text CSV, field delimiter \",\""))
        #expect(french.groups.first?.examples.first?.line == 1)
        let tabs = try refusal("id\tdiagnosis\n" + (0..<solution.count).map { "\(solution.id($0))\t0.5\n" }.joined())
        #expect(tabs.total == 1)
        #expect(tabs.groups.first?.examples.first?.message.contains("separated by tabs, not commas") == true)
        // A header with another column named wrong is not taken for a delimiter.
        #expect(try refusal("id,diagnosis;x\n").groups.first?.examples.first?.message.contains("separated by") == false)
    }

    @Test func everyProblemAtOnceWithLines() throws {
        var lines = valid().split(separator: "\n").map(String.init)
        lines[3] = "\(solution.id(2)),1.5"
        lines[4] = "\(solution.id(3)),NaN"
        lines[5] = "\(solution.id(4)),abc"
        lines[6] = "ghost,0.1"
        lines[7] = lines[8]
        lines[9] = "\(solution.id(8)),0.2,extra"
        let r = try refusal(lines.joined(separator: "\n") + "\n")
        #expect(Set(kinds(r)) == [.outOfRange, .notFinite, .notANumber, .unknownId, .duplicateId, .missingId, .fieldCount])
        #expect(r.groups.first { $0.kind == .outOfRange }?.examples.first?.line == 4)
        #expect(r.groups.first { $0.kind == .unknownId }?.examples.first?.message == "id \"ghost\" is not in the test set")
        #expect(r.groups.first { $0.kind == .duplicateId }?.examples.first?.line == 9)
        #expect(r.groups.first { $0.kind == .duplicateId }?.examples.first?.message == "id \"\(solution.id(7))\" was already given on line 8")
        #expect(r.errorDescription!.contains("sub.csv line 4: diagnosis = 1.5 is not a probability between 0 and 1"))
    }

    @Test func examplesAreCappedWithATotal() throws {
        let r = try refusal(valid { id, i in i < 40 ? "\(id),2" : "\(id),0.5" })
        let group = try #require(r.groups.first)
        #expect(group.count == 40)
        #expect(group.examples.count == 5)
        #expect(r.errorDescription!.contains("... and 35 more"))
    }

    @Test func headerProblems() throws {
        #expect(kinds(try refusal("id,prob\n")).contains(.missingColumn))
        #expect(kinds(try refusal("")) == [.missingHeader])
        let noHeader = try refusal("\(solution.id(0)),0.5\n\(solution.id(1)),0.5\n")
        #expect(kinds(noHeader) == [.missingHeader])
        #expect(kinds(try refusal(valid().replacingOccurrences(of: "id,diagnosis", with: "id,diagnosis,notes"))) == [.unexpectedColumn, .fieldCount])
    }

    @Test func missingIdsAreShownInIdOrderOnly() throws {
        let r = try refusal("id,diagnosis\n")
        let missing = try #require(r.groups.first { $0.kind == .missingId })
        #expect(missing.count == solution.count)
        let shown = missing.examples.map(\.message)
        let smallest = (0..<solution.count).map(solution.id).sorted().prefix(5)
        #expect(shown == smallest.map { "id \"\($0)\" of the test set has no prediction" })
    }

    @Test func messagesNeverRevealHiddenLabels() throws {
        let r = try refusal(valid { id, _ in "\(id),benign" })
        let text = r.errorDescription!
        #expect(!text.contains("malignant"))
        #expect(!text.contains("Public"))
        #expect(!text.contains("Private"))
    }

    @Test func labelSubmissions() throws {
        var manifest = challenge.manifest
        manifest.submission = .label
        manifest.metric = .accuracy
        manifest.metrics = [.f1]
        let labelSolution = try Solution.load(challenge.solutionURL, manifest: manifest)
        let folder = try temporaryFolder()
        let good = try write(
            "id,diagnosis\n" + (0..<labelSolution.count).map { "\(labelSolution.id($0)),benign\n" }.joined(), to: folder.url.appending(path: "l.csv"))
        let report = try Scorer.score(file: good, solution: labelSolution)
        #expect(report.score(.all)! > 0.6)
        let bad = try write(
            "id,diagnosis\n" + (0..<labelSolution.count).map { "\(labelSolution.id($0)),cat\n" }.joined(), to: folder.url.appending(path: "b.csv"))
        #expect(throws: SubmissionRefused.self) { try SubmissionReader.read(bad, solution: labelSolution) }
    }

    @Test func multiclassRowsMustSumToOne() throws {
        let wine = try exampleChallenge("wine").loadSolution()
        let folder = try temporaryFolder()
        let rows = (0..<wine.count).map { i in "\(wine.id(i)),\(i == 0 ? "0.5,0.5,0.5" : "0.333,0.333,0.334")\n" }.joined()
        let url = try write("id,cultivar_1,cultivar_2,cultivar_3\n" + rows, to: folder.url.appending(path: "w.csv"))
        do {
            _ = try SubmissionReader.read(url, solution: wine)
            Issue.record("accepted")
        } catch let r as SubmissionRefused {
            #expect(r.groups.map(\.kind) == [.rowSum])
            #expect(r.groups[0].examples[0].line == 2)
        }
    }

    @Test func compressedAndCRLFSubmissionsScoreTheSame() throws {
        let plain = repositoryRoot.appending(path: "submissions/breast-cancer/bravo/01-logreg.csv")
        let expected = try Scorer.score(file: plain, solution: solution)
        let folder = try temporaryFolder()
        let text = try String(contentsOf: plain, encoding: .utf8)
        let crlf = try write("\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n"), to: folder.url.appending(path: "crlf.csv"))
        #expect(try Scorer.score(file: crlf, solution: solution) == expected)

        let zipURL = folder.url.appending(path: "sub.zip")
        let archive = try Archive(url: zipURL, accessMode: .create)
        try archive.addEntry(with: "predictions.csv", fileURL: plain, compressionMethod: .deflate)
        #expect(try Scorer.score(file: zipURL, solution: solution) == expected)

        let gz = folder.url.appending(path: "sub.csv.gz")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -c '\(plain.path)' > '\(gz.path)'"]
        try process.run()
        process.waitUntilExit()
        #expect(try Scorer.score(file: gz, solution: solution) == expected)

        let broken = try write("not gzip at all", to: folder.url.appending(path: "bad.csv.gz"))
        #expect(throws: SubmissionRefused.self) { try Scorer.score(file: broken, solution: solution) }
    }

    @Test func zipMustHoldOneCSV() throws {
        let folder = try temporaryFolder()
        let zipURL = folder.url.appending(path: "two.zip")
        let archive = try Archive(url: zipURL, accessMode: .create)
        let plain = repositoryRoot.appending(path: "submissions/breast-cancer/bravo/01-logreg.csv")
        try archive.addEntry(with: "a.csv", fileURL: plain)
        try archive.addEntry(with: "b.csv", fileURL: plain)
        let r = try refusal("", name: "unused.csv")
        _ = r
        do {
            _ = try SubmissionReader.read(zipURL, solution: solution)
            Issue.record("accepted")
        } catch let refused as SubmissionRefused {
            #expect(refused.groups.first?.examples.first?.message == "must hold exactly one .csv file, found 2")
        }
    }

    @Test func everyExampleSubmissionScoresOrIsRefusedWithALocation() throws {
        for slug in ["breast-cancer", "wine", "diabetes", "relu-teacher"] {
            let solution = try exampleChallenge(slug).loadSolution()
            let folder = repositoryRoot.appending(path: "submissions/\(slug)")
            for team in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
                for file in try FileManager.default.contentsOfDirectory(atPath: folder.appending(path: team).path) {
                    let url = folder.appending(path: "\(team)/\(file)")
                    if team == "delta" {
                        #expect(throws: SubmissionRefused.self) { try Scorer.score(file: url, solution: solution) }
                    } else {
                        let report = try Scorer.score(file: url, solution: solution)
                        #expect(report.scores.public[solution.manifest.metric] != nil)
                    }
                }
            }
        }
    }

    @Test func undefinedPrimaryMetricIsAnErrorNotNaN() throws {
        let folder = try temporaryFolder()
        let rows = (0..<4).map { "r\($0),5.0,\($0 < 2 ? "Public" : "Private")\n" }.joined()
        let manifest = try ChallengeManifest.parse(
            yaml: "slug: flat\ntitle: F\nversion: 1\ntask: regression\nid: id\ntarget: y\nmetric: r2\nmetrics: [pearson]\n")
        let solution = try Solution.load(try write("id,y,Usage\n" + rows, to: folder.url.appending(path: "s.csv")), manifest: manifest)
        let sub = try write("id,y\nr0,1\nr1,2\nr2,3\nr3,4\n", to: folder.url.appending(path: "p.csv"))
        #expect(throws: ScoringError.self) { try Scorer.score(file: sub, solution: solution) }
    }
}

/// Ids that match the test ids only once normalised: the first submission of most binômes,
/// read with pandas' defaults and written back.
@Suite struct IDFormatTests {
    /// A binary challenge whose test ids are `ids`, every one Public but the last.
    func solution(ids: [String]) throws -> Solution {
        let manifest = ChallengeManifest(
            slug: "ids", title: "Ids", version: 1, task: .binary, target: "y", classes: ["0", "1"], positive: "1", submission: .label,
            metric: .accuracy)
        let csv = "id,y,Usage\n" + ids.enumerated().map { "\($1),\($0 % 2),\($0 == ids.count - 1 ? "Private" : "Public")\n" }.joined()
        return try Solution.load(data: Data(csv.utf8), manifest: manifest)
    }

    func refusal(_ rows: [String], _ solution: Solution) throws -> SubmissionRefused {
        do {
            _ = try SubmissionReader.read(data: Data(("id,y\n" + rows.map { "\($0),1\n" }.joined()).utf8), name: "sub.csv", solution: solution)
        } catch let refused as SubmissionRefused {
            return refused
        }
        Issue.record("accepted")
        return SubmissionRefused(file: "sub.csv", groups: [])
    }

    @Test func paddedTestIdsReadAsNumbersAreOneProblemWithTheFix() throws {
        let ids = (1...40).map { String(format: "%03d", $0) }
        let solution = try solution(ids: ids)
        let r = try refusal(ids.map { String(Int($0)!) }, solution)
        #expect(r.total == 1)
        #expect(r.groups.map(\.kind) == [.idFormat])
        let message = try #require(r.groups.first?.examples.first?.message)
        #expect(message.hasPrefix("all 40 ids not in the test set match a test id once normalised: leading zeros were dropped"))
        #expect(message.contains("(\"1\" stands for \"001\"; \"2\" stands for \"002\")"))
        #expect(message.contains("dtype={\"id\": str}"))
        #expect(message.contains("colClasses = c(id = \"character\")"))
        #expect(!message.contains("Public") && !message.contains("Private"))
        // After the fix the same file is accepted.
        _ = try SubmissionReader.read(data: Data(("id,y\n" + ids.map { "\($0),1\n" }.joined()).utf8), name: "sub.csv", solution: solution)
    }

    @Test func everyNormalisationIsRecognised() throws {
        let plain = try solution(ids: (1...10).map(String.init))
        let decimal = try refusal((1...10).map { "\($0).0" }, plain)
        #expect(decimal.groups.map(\.kind) == [.idFormat])
        #expect(decimal.groups[0].examples[0].message.contains("whole numbers were written with a decimal point (\"1.0\" stands for \"1\""))
        let padded = try refusal((1...10).map { String(format: "%02d", $0) }, plain)
        #expect(padded.groups[0].examples[0].message.contains("leading zeros were added"))
        let letters = try solution(ids: ["A1", "B2", "C3", "D4"])
        let lower = try refusal(["a1", "b2", "c3", "d4"], letters)
        #expect(lower.groups.map(\.kind) == [.idFormat])
        #expect(lower.groups[0].examples[0].message.contains("letters changed case"))
        #expect(lower.groups[0].examples[0].message.contains("keep each one exactly as data/test.csv has it"))
        #expect(!lower.groups[0].examples[0].message.contains("dtype"))
    }

    /// Some ids reformatted, others plainly wrong: the format is still named, and the wrong ones
    /// are still listed.
    @Test func aMixStillListsTheIdsThatMatchNothing() throws {
        let solution = try solution(ids: (1...10).map { String(format: "%03d", $0) })
        let r = try refusal((1...8).map(String.init) + ["ghost", "phantom"], solution)
        #expect(r.groups.map(\.kind) == [.idFormat, .unknownId, .missingId])
        #expect(r.groups[0].examples[0].message.hasPrefix("8 of the first 10 ids not in the test set match"))
    }

    /// Ids that merely differ (no normalised match) are reported as before, one line each.
    @Test func unrelatedIdsAreNotTakenForAFormat() throws {
        let solution = try solution(ids: (1...10).map(String.init))
        let r = try refusal((11...20).map(String.init), solution)
        #expect(r.groups.map(\.kind) == [.unknownId, .missingId])
    }
}
