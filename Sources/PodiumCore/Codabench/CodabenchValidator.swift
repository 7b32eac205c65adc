import Foundation
import Yams

/// The rules Codabench's unpacker (competition.yaml version 2) enforces, and the silent traps
/// it sets, checked on any bundle before it is uploaded.
public enum CodabenchValidator {
    static let submissionRules: Set<String> = [
        "Add", "Add_And_Delete", "Add_And_Delete_Multiple", "Force_Last", "Force_Latest_Multiple", "Force_Best",
    ]

    /// Every problem of a bundle, each naming the key or file; empty when it would unpack.
    public static func validate(zip url: URL) throws -> [String] {
        validate(files: try ZipReader(url: url).files(limit: CodabenchImport.maxBundleBytes))
    }

    public static func validate(files: [String: Data]) -> [String] {
        var problems: [String] = []
        guard let yamlData = files["competition.yaml"] else {
            let nested = files.keys.first { $0.hasSuffix("/competition.yaml") }
            return [
                "competition.yaml: not at the root of the zip"
                    + (nested.map { " (found \($0): zip the folder's contents, not the folder)" } ?? "")
            ]
        }
        let node: Node?
        do { node = try YAMLText.compose(yamlData, file: "competition.yaml") } catch { return [error.localizedDescription] }
        guard let root = node?.mapping else { return ["competition.yaml: not a YAML mapping"] }
        func value(_ key: String, in mapping: Node.Mapping = root) -> Node? { mapping[Node(key)] }
        func exists(_ path: String) -> Bool {
            let clean = path.hasSuffix("/") ? String(path.dropLast()) : path
            return files[clean] != nil || files.keys.contains { $0.hasPrefix(clean + "/") }
        }
        func nonEmpty(_ path: String) -> Bool {
            guard let data = files[path] else { return false }
            return !(String(data: data, encoding: .utf8) ?? "x").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }

        if value("version")?.int != 2 { problems.append("competition.yaml: version must be 2 (a Codabench bundle)") }
        if value("title")?.string?.isEmpty != false { problems.append("competition.yaml: title is missing") }
        if let image = value("image")?.string {
            if let data = files[image] {
                let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47]
                let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF]
                if !(data.starts(with: png) || data.starts(with: jpeg)) { problems.append("\(image): image is not a PNG or JPEG file") }
            } else {
                problems.append("competition.yaml: image \(Echo.quoted(image)) is not in the bundle")
            }
        } else {
            problems.append("competition.yaml: image is missing (Codabench opens the competition's logo)")
        }
        if let terms = value("terms")?.string {
            if !nonEmpty(terms) { problems.append("competition.yaml: terms \(Echo.quoted(terms)) is missing or empty") }
        } else {
            problems.append("competition.yaml: terms is missing")
        }
        if let pages = value("pages")?.sequence, !pages.isEmpty {
            for (i, page) in pages.enumerated() {
                guard let file = page.mapping.flatMap({ value("file", in: $0)?.string }) else {
                    problems.append("competition.yaml: pages[\(i)] has no file")
                    continue
                }
                if !nonEmpty(file) { problems.append("competition.yaml: page \(Echo.quoted(file)) is missing or empty") }
            }
        } else {
            problems.append("competition.yaml: pages is missing or empty")
        }

        var taskIndexes = Set<Int>()
        if let tasks = value("tasks")?.sequence, !tasks.isEmpty {
            for (i, task) in tasks.enumerated() {
                guard let mapping = task.mapping, let index = value("index", in: mapping)?.int else {
                    problems.append("competition.yaml: tasks[\(i)] has no index")
                    continue
                }
                if !taskIndexes.insert(index).inserted { problems.append("competition.yaml: task index \(index) appears twice") }
                guard let program = value("scoring_program", in: mapping)?.string.map(trimSlash) else {
                    problems.append("competition.yaml: task \(index) has no scoring_program")
                    continue
                }
                for key in ["scoring_program", "reference_data", "input_data", "ingestion_program"] {
                    if let path = value(key, in: mapping)?.string.map(trimSlash), !exists(path) {
                        problems.append("competition.yaml: task \(index) \(key) \(Echo.quoted(path)) is not in the bundle")
                    }
                }
                let metadata = ["metadata.yaml", "metadata"].map { "\(program)/\($0)" }.first { files[$0] != nil }
                if exists(program) && !program.hasSuffix(".zip") {
                    if let metadata, let text = String(data: files[metadata]!, encoding: .utf8), text.contains("command:") {
                    } else {
                        problems.append("\(program)/metadata.yaml: missing, or without a command: line")
                    }
                }
            }
        } else {
            problems.append("competition.yaml: tasks is missing or empty")
        }

        if let phases = value("phases")?.sequence, !phases.isEmpty {
            var previous: (name: String, end: Date?)? = nil
            for (i, phase) in phases.enumerated() {
                guard let mapping = phase.mapping else {
                    problems.append("competition.yaml: phases[\(i)] is not a mapping")
                    continue
                }
                let name = value("name", in: mapping)?.string ?? "#\(i)"
                if value("index", in: mapping)?.int == nil { problems.append("competition.yaml: phase \(Echo.quoted(name)) has no index") }
                for key in ["start", "end"] {
                    // A plain date is read as midnight, which is fine; a plain date with a time
                    // loses the time, or has its offset replaced.
                    if let node = value(key, in: mapping), case .scalar(let scalar) = node, scalar.style == .plain,
                        scalar.string.contains(":")
                    {
                        problems.append(
                            "competition.yaml: phase \(Echo.quoted(name)) \(key) is not quoted: Codabench drops the time of an unquoted date; write \"YYYY-MM-DD HH:MM:SS\" in UTC"
                        )
                    }
                }
                let start = value("start", in: mapping)?.string.flatMap(parseDate)
                let end = value("end", in: mapping)?.string.flatMap(parseDate)
                if start == nil { problems.append("competition.yaml: phase \(Echo.quoted(name)) has no start date (\"YYYY-MM-DD HH:MM:SS\")") }
                if end == nil && i < phases.count - 1 {
                    problems.append("competition.yaml: phase \(Echo.quoted(name)) must have an end: a phase follows it")
                }
                if let previous, let before = previous.end, let start {
                    if start < before {
                        problems.append("competition.yaml: phase \(Echo.quoted(name)) starts before \(Echo.quoted(previous.name)) ends")
                    }
                    if start == before {
                        problems.append(
                            "competition.yaml: phase \(Echo.quoted(name)) starts exactly when \(Echo.quoted(previous.name)) ends; start it later")
                    }
                }
                if let tasks = value("tasks", in: mapping)?.sequence, !tasks.isEmpty {
                    for task in tasks where !taskIndexes.contains(task.int ?? -1) {
                        problems.append("competition.yaml: phase \(Echo.quoted(name)) refers to task \(task.string ?? "?"), which is not listed")
                    }
                } else {
                    problems.append("competition.yaml: phase \(Echo.quoted(name)) has no tasks")
                }
                if i == 0, value("auto_migrate_to_this_phase", in: mapping)?.bool == true {
                    problems.append("competition.yaml: the first phase cannot have auto_migrate_to_this_phase")
                }
                for key in ["starting_kit", "public_data"] {
                    if let path = value(key, in: mapping)?.string.map(trimSlash), !exists(path) {
                        problems.append("competition.yaml: phase \(Echo.quoted(name)) \(key) \(Echo.quoted(path)) is not in the bundle")
                    }
                }
                previous = (name, end)
            }
        } else {
            problems.append("competition.yaml: phases is missing or empty")
        }

        if let boards = value("leaderboards")?.sequence, let board = boards.first?.mapping {
            if !(1...64).contains(value("title", in: board)?.string?.count ?? 0) {
                problems.append("competition.yaml: leaderboard title must have 1 to 64 characters")
            }
            if !(1...36).contains(value("key", in: board)?.string?.count ?? 0) {
                problems.append("competition.yaml: leaderboard key must have 1 to 36 characters")
            }
            if let rule = value("submission_rule", in: board)?.string, !submissionRules.contains(rule) {
                problems.append(
                    "competition.yaml: submission_rule \(Echo.quoted(rule)) is not one of \(submissionRules.sorted().joined(separator: ", "))")
            }
            let primary = value("primary_index", in: board)?.int ?? 0
            var indexes = Set<Int>()
            for (i, column) in (value("columns", in: board)?.sequence ?? []).enumerated() {
                guard let c = column.mapping else { continue }
                let key = value("key", in: c)?.string ?? ""
                if let index = value("index", in: c)?.int {
                    indexes.insert(index)
                } else {
                    problems.append("competition.yaml: column \(i) has no index")
                }
                if key.isEmpty || key.count > 36 { problems.append("competition.yaml: column \(i) key must have 1 to 36 characters") }
                if (value("title", in: c)?.string?.count ?? 0) > 36 {
                    problems.append("competition.yaml: column \(Echo.quoted(key)) title is over 36 characters")
                }
                if let sorting = value("sorting", in: c)?.string, !["asc", "desc"].contains(sorting) {
                    problems.append("competition.yaml: column \(Echo.quoted(key)) sorting must be asc or desc")
                }
            }
            if !indexes.contains(primary) { problems.append("competition.yaml: no leaderboard column has the primary index \(primary)") }
        } else {
            problems.append("competition.yaml: leaderboards is missing (the key is plural)")
        }
        let known: Set<String> = [
            "version", "title", "description", "image", "registration_auto_approve", "docker_image", "terms", "pages", "tasks", "phases",
            "leaderboards", "solutions", "enable_detailed_results", "show_detailed_results_in_submission_panel",
            "show_detailed_results_in_leaderboard", "auto_run_submissions", "can_participants_make_submissions_public",
            "make_programs_available", "make_input_data_available", "competition_type", "fact_sheet", "reward", "contact_email",
            "forum_enabled", "queue",
        ]
        for key in root.keys.compactMap(\.string) where !known.contains(key) {
            problems.append("competition.yaml: unknown key \(Echo.quoted(key)) is ignored by Codabench (a typo?)")
        }
        return problems
    }

    static func trimSlash(_ path: String) -> String {
        var p = path
        while p.hasSuffix("/") { p.removeLast() }
        return p
    }

    /// The dates Codabench's parser (dateutil) reads in bundles: ISO forms and month-day-year.
    static func parseDate(_ text: String) -> Date? {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.isLenient = false
        for format in ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd", "M-d-yyyy", "M/d/yyyy", "M-d-yyyy HH:mm"] {
            f.dateFormat = format
            if let d = f.date(from: text) { return d }
        }
        return nil
    }
}
