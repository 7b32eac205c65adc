import Foundation

/// A challenge as a Codabench competition bundle (`competition.yaml` version 2) for result
/// submissions, or for code submissions when the challenge asks for code (its ingestion
/// program and public data go with it): one Codabench phase per Podium phase, scored on the Public rows, then a final
/// phase on the Private rows that Codabench migrates submissions into; one leaderboard, the
/// primary metric first; pages from README.md; the starting kit; and a scoring program in
/// standard-library Python that checks and scores files as Podium does.
public enum CodabenchExport {
    /// What was written, and what the instructor should look at before uploading.
    public struct Result: Sendable {
        public var files: [String]
        public var notes: [String]
    }

    /// A 64 × 64 PNG of a three-step podium (drawn by a few lines of Python with zlib and
    /// struct; Codabench opens the competition's image, so it must be a real one).
    static let logo = Data(
        base64Encoded:
            "iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAAXElEQVR42u3PMQ0AIAwAwZpBGfJZy44HGKDhkhfwF5mzdAEAAAAAAAAAAAAAAPAxoPWxHQAAAAAAAADAC4CTCQAAAAAAgHt4AAAAAAAAAAAAAAAAAAAAAACAkoAFYqscL0d5iUAAAAAASUVORK5CYII="
    )!

    /// Codabench reads phase dates as naive UTC: written quoted, "YYYY-MM-DD HH:MM:SS".
    static func date(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return f.string(from: d)
    }

    /// A YAML double-quoted scalar (JSON's escapes are YAML's).
    static func quoted(_ s: String) -> String {
        (try? JSONText.encode(s)) ?? "\"\""
    }

    /// README.md split at its level-2 headings into pages (the text before the first one opens
    /// the Overview); a README without them is one Overview page.
    static func pages(readme: String, title: String) -> [(title: String, text: String)] {
        var pages: [(String, String)] = []
        var current = ("Overview", "")
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") {
                if !current.1.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { pages.append(current) }
                current = (String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces), "")
            } else if !(line.hasPrefix("# ") && pages.isEmpty && current.1.isEmpty) {
                current.1 += line + "\n"
            }
        }
        if !current.1.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { pages.append(current) }
        if pages.isEmpty { pages = [("Overview", "# \(title)\n")] }
        // Codabench shows a title per page; keep each one unique.
        var seen: [String: Int] = [:]
        return pages.map { page in
            seen[page.0, default: 0] += 1
            return (seen[page.0]! > 1 ? "\(page.0) \(seen[page.0]!)" : page.0, page.1)
        }
    }

    static func fileName(_ title: String, _ index: Int) -> String {
        let slug = title.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
            .split(separator: "-").joined(separator: "-")
        return "pages/\(String(format: "%02d", index + 1))-\(slug.isEmpty ? "page" : String(slug.prefix(40))).md"
    }

    /// The bundle's files. `now` dates a phase that has no opening date.
    public static func files(_ challenge: Challenge, now: Date) throws -> (files: [(String, Data)], notes: [String]) {
        let m = challenge.manifest
        var notes: [String] = []
        var files: [(String, Data)] = []
        func add(_ path: String, _ text: String) { files.append((path, Data(text.utf8))) }

        // Reference rows, Public and Private apart, with the id and target columns only.
        let table = try CSVTable.read(challenge.solutionURL)
        guard let id = table.column(m.id), let target = table.column(m.target), let usage = table.column("Usage") else {
            throw PodiumError.invalid("reference/solution.csv", "needs the columns \(m.id), \(m.target) and Usage")
        }
        add("scoring_program/test_ids.csv", CSVWriter.line([m.id]) + table.rows.map { CSVWriter.line([$0[id]]) }.joined())
        for part in ["Public", "Private"] {
            var csv = CSVWriter.line([m.id, m.target])
            for row in table.rows where row[usage].trimmingCharacters(in: .whitespaces) == part { csv += CSVWriter.line([row[id], row[target]]) }
            add("reference_\(part.lowercased())/solution.csv", csv)
        }

        // The scoring program.
        let config: [String: JSONValue] = [
            "id": .string(m.id), "target": .string(m.target), "task": .string(m.task.rawValue), "submission": .string(m.submission.rawValue),
            "classes": .array(m.classes.map(JSONValue.string)), "positive": m.positive.map(JSONValue.string) ?? .null,
            "metrics": .array(m.allMetrics.map { .string($0.rawValue) }),
        ]
        var settings = try JSONText.encode(config, pretty: true)
        if let code = m.code {
            // A code challenge's settings ride along, so that an import carries them back.
            let object = try JSONSerialization.jsonObject(with: Data(settings.utf8)) as? [String: Any] ?? [:]
            var merged = object
            merged["code"] = try JSONSerialization.jsonObject(with: JSONEncoder().encode(code))
            settings = String(decoding: try JSONSerialization.data(withJSONObject: merged, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self)
        }
        add("scoring_program/challenge.json", settings + "\n")
        files.append(("scoring_program/score.py", Data(PackageResources.codabench_score_py)))
        add("scoring_program/metadata.yaml", "command: python3 /app/program/score.py /app/input /app/output\n")

        // A code challenge: the public data for the ingestion program, and the program itself
        // (the author's, else Podium's default harness, which writes the predictions file the
        // scoring program reads as the submission).
        if let code = m.code {
            for name in ["train.csv", "test.csv"] {
                let url = challenge.root.appending(path: "data/\(name)")
                if FileManager.default.fileExists(atPath: url.path) { files.append(("input_data/\(name)", try Data(contentsOf: url))) }
            }
            if let folder = code.ingestion {
                let program = try IngestionProgram.load(root: challenge.root, folder: folder)
                for (path, data) in program.files.sorted(by: { $0.key < $1.key }) { files.append(("ingestion_program/\(path)", data)) }
            } else {
                add("ingestion_program/podium_ingestion.py", CodeRunner.harness)
                files.append(("ingestion_program/settings.json", try CodeRunner.harnessSettings(m, entry: code.entry)))
                add("ingestion_program/metadata.yaml", "command: python3 /app/program/podium_ingestion.py /app/program/settings.json\n")
            }
            notes.append(
                "code.memory (\(Formats.size(code.memory))) and code.cpus are not carried over: Codabench's queue sets the machine; its workers may have network unless the queue's administrator disables it"
            )
            notes.append("code.environment: Codabench runs the competition's docker_image (codalab/codalab-legacy:py312), not a Podium environment")
        }

        // Pages and terms.
        let readme = (try? String(contentsOf: challenge.readmeURL, encoding: .utf8)) ?? "# \(m.title)\n"
        let pages = Self.pages(readme: readme, title: m.title)
        for (i, page) in pages.enumerated() { add(fileName(page.title, i), "## \(page.title)\n\n" + page.text) }
        add(
            "pages/terms.md",
            """
            ## Terms

            This challenge is part of a course. \(m.code == nil ? "Submit predictions only, made by your own team from the data given here" : "Submit your own team's code (\(m.code!.entry) with a class Model), which the platform trains on the data given here and runs on the test set"); \
            the scores on the public rows are shown during the challenge, the final ranking uses \
            the private rows. The rules of the course apply.

            """)
        files.append(("logo.png", logo))
        let kit = try TemporaryDirectory(prefix: "podium-codabench")
        let packed = try PodiumBundle.pack(challenge, to: kit.url)
        files.append(("starting_kit.zip", try Data(contentsOf: packed.startingKit)))

        // Phases: each Podium phase on the Public rows, then the final phase on the Private rows.
        // A code run's time limit, and a minute for scoring.
        let timeLimit = m.code.map { $0.timeLimit + 60 } ?? 600
        var phases: [String] = []
        var previousEnd: Date? = nil
        for (i, phase) in m.phases.enumerated() {
            var start = phase.opens ?? previousEnd.map { $0.addingTimeInterval(60) } ?? now
            if phase.opens == nil {
                start = Date(timeIntervalSince1970: (start.timeIntervalSince1970 / 60).rounded(.up) * 60)
                notes.append(
                    "phase \(Echo.quoted(phase.name)) has no opening date: it opens at \(date(start)) UTC in the export; edit competition.yaml")
            }
            var end = phase.closes ?? start.addingTimeInterval(120 * 86400)
            if phase.closes == nil {
                end = Date(timeIntervalSince1970: (end.timeIntervalSince1970 / 60).rounded(.up) * 60)
                notes.append(
                    "phase \(Echo.quoted(phase.name)) has no closing date; Codabench needs one before the final phase: it closes at \(date(end)) UTC in the export"
                )
            }
            previousEnd = end
            var yaml = "  - index: \(i)\n    name: \(quoted(phase.name))\n"
            yaml += "    description: \(quoted("Scored on the public rows of the test set."))\n"
            yaml += "    start: \(quoted(date(start)))\n    end: \(quoted(date(end)))\n    tasks: [0]\n"
            yaml += "    starting_kit: starting_kit.zip\n"
            yaml += "    max_submissions_per_day: \(phase.maxPerDay ?? 0)\n    max_submissions: \(phase.maxTotal ?? 0)\n"
            yaml += "    execution_time_limit: \(timeLimit)\n"
            phases.append(yaml)
        }
        let finalStart = (previousEnd ?? now).addingTimeInterval(60)
        phases.append(
            "  - index: \(m.phases.count)\n    name: \"Final\"\n    description: \(quoted("Each participant's leaderboard submission, migrated here and scored on the private rows."))\n"
                + "    start: \(quoted(date(finalStart)))\n    tasks: [1]\n    max_submissions_per_day: 1\n    max_submissions: 1\n"
                + "    auto_migrate_to_this_phase: true\n    hide_output: true\n    execution_time_limit: \(timeLimit)\n")
        if m.finalSelection != 1 {
            notes.append(
                "final_selection \(m.finalSelection): Codabench migrates one submission per participant into the final phase (its leaderboard submission)"
            )
        }
        if m.usesLadder { notes.append("public_board: ladder has no Codabench counterpart: its public leaderboard shows exact scores") }

        let columns = m.allMetrics.enumerated().map { i, metric in
            "      - index: \(i)\n        key: \(quoted(String(metric.rawValue.prefix(36))))\n        title: \(quoted(String(metric.rawValue.prefix(36))))\n"
                + "        sorting: \(metric.higherIsBetter ? "desc" : "asc")\n        precision: 5\n"
        }
        let ingestion = m.code == nil ? "" : "\n    ingestion_program: ingestion_program\n    input_data: input_data"
        var yaml = """
            # Written by `podium export codabench` from \(m.slug) v\(m.version).
            version: 2
            title: \(quoted(m.title))
            description: \(quoted("\(m.title): a \(m.task.rawValue) challenge, scored by \(m.metric.rawValue)."))
            image: logo.png
            registration_auto_approve: true
            docker_image: "codalab/codalab-legacy:py312"
            terms: pages/terms.md
            pages:

            """
        for (i, page) in pages.enumerated() { yaml += "  - title: \(quoted(String(page.title.prefix(64))))\n    file: \(fileName(page.title, i))\n" }
        yaml += """
            tasks:
              - index: 0
                name: \(quoted("\(m.slug) (public rows)"))
                scoring_program: scoring_program
                reference_data: reference_public\(ingestion)
              - index: 1
                name: \(quoted("\(m.slug) (private rows)"))
                scoring_program: scoring_program
                reference_data: reference_private\(ingestion)
            phases:

            """
        yaml += phases.joined()
        yaml += """
            leaderboards:
              - title: "Results"
                key: "main"
                submission_rule: "Force_Best"
                primary_index: 0
                columns:

            """
        yaml += columns.joined()
        add("competition.yaml", yaml)
        return (files, notes)
    }

    /// Writes the bundle to `output` (a zip with `competition.yaml` at its root).
    public static func export(_ challenge: Challenge, to output: URL, now: Date = Date()) throws -> Result {
        let (files, notes) = try Self.files(challenge, now: now)
        try PodiumError.whileWriting(output) {
            try FileManager.default.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
            try PodiumBundle.writeZip(files, to: output)
        }
        return Result(files: files.map(\.0).sorted(), notes: notes)
    }
}

/// A JSON value, for the small documents Podium writes whole.
enum JSONValue: Encodable {
    case string(String)
    case array([JSONValue])
    case null

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .null: try c.encodeNil()
        }
    }
}
