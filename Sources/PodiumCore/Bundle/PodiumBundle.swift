import Foundation
import ZIPFoundation

/// One file listed in a bundle's `manifest.json`.
public struct BundleFile: Codable, Sendable, Equatable {
    public var path: String
    public var sha256: String
    public var bytes: Int
    /// Data rows (lines after the header) of a CSV file.
    public var rows: Int?
}

/// `manifest.json`: what a bundle holds, so that a reader can check it.
public struct BundleManifest: Codable, Sendable, Equatable {
    public var format: Int
    public var slug: String
    public var version: Int
    public var files: [BundleFile]
}

public struct PackResult: Sendable {
    public var bundle: URL
    public var startingKit: URL
    public var files: [BundleFile]
}

/// Bundle problems: what a reader refuses and why.
public struct BundleError: Error, LocalizedError, Equatable, Sendable {
    public var file: String
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var errorDescription: String? { "\(file): \(message)" }
}

/// Writing and reading `.podium` bundles and starting kits: zip files that are the same byte
/// for byte whenever their inputs are (sorted entries, fixed dates and permissions).
public enum PodiumBundle {
    public struct Limits: Sendable {
        public var maxEntryBytes: UInt64 = 1 << 30
        public var maxTotalBytes: UInt64 = 4 << 30
        public var maxEntries = 10_000

        public init(maxEntryBytes: UInt64 = 1 << 30, maxTotalBytes: UInt64 = 4 << 30, maxEntries: Int = 10_000) {
            self.maxEntryBytes = maxEntryBytes
            self.maxTotalBytes = maxTotalBytes
            self.maxEntries = maxEntries
        }
    }

    /// 2000-01-01 00:00 in the local zone: zip stores local DOS times, so this gives the same
    /// bytes whatever the machine's zone.
    static var fixedDate: Date {
        var components = DateComponents()
        (components.year, components.month, components.day) = (2000, 1, 1)
        return Calendar(identifier: .gregorian).date(from: components)!
    }

    public static func bundleName(_ m: ChallengeManifest) -> String { "\(m.slug)-v\(m.version).podium" }
    public static func kitName(_ m: ChallengeManifest) -> String { "\(m.slug)-v\(m.version)-starting-kit.zip" }

    /// Packs a checked challenge folder into `outDir`.
    public static func pack(_ challenge: Challenge, to outDir: URL) throws -> PackResult {
        let fm = FileManager.default
        let root = challenge.root
        var paths = ["challenge.yaml", "README.md"].filter { fm.fileExists(atPath: root.appending(path: $0).path) }
        let code = challenge.manifest.code
        let ingestion = code?.ingestion.map(IngestionProgram.trimmed)
        for folder in ["data", "reference", "starting-kit"] + [ingestion].compactMap({ $0 }) {
            paths += try fm.regularFiles(under: root.appending(path: folder), relativeTo: root)
        }
        var contents: [(String, Data)] = []
        var files: [BundleFile] = []
        for path in paths.sorted() {
            let data = try Data(contentsOf: root.appending(path: path))
            contents.append((path, data))
            files.append(BundleFile(path: path, sha256: Hashing.sha256(data), bytes: data.count, rows: path.hasSuffix(".csv") ? csvRows(data) : nil))
        }
        let listing = BundleManifest(format: 1, slug: challenge.manifest.slug, version: challenge.manifest.version, files: files)
        contents.append(("manifest.json", Data(try JSONText.encode(listing, pretty: true).utf8)))

        var kit = contents.filter { $0.0 == "README.md" || $0.0.hasPrefix("data/") || $0.0.hasPrefix("starting-kit/") }
        if let code {
            // A code challenge's kit runs as the platform does: `podium run KIT model.py`, or its
            // ingestion program with Python alone.
            kit += contents.filter { entry in
                entry.0 == "challenge.yaml" || ingestion.map { entry.0.hasPrefix($0 + "/") } == true
            }
            if ingestion == nil {
                kit.append(("ingestion/podium_ingestion.py", Data(CodeRunner.harness.utf8)))
                kit.append(("ingestion/settings.json", try CodeRunner.harnessSettings(challenge.manifest, entry: code.entry)))
            }
            kit.append(("RUNNING.md", Data(runningGuide(challenge.manifest, code: code).utf8)))
        } else {
            kit.append(("sample_submission.csv", Data(try SampleSubmission.make(challenge).utf8)))
        }

        let bundleURL = outDir.appending(path: bundleName(challenge.manifest))
        let kitURL = outDir.appending(path: kitName(challenge.manifest))
        try PodiumError.whileWriting(outDir) {
            try fm.createDirectory(at: outDir, withIntermediateDirectories: true)
            try writeZip(contents, to: bundleURL)
            try writeZip(kit, to: kitURL)
        }
        return PackResult(bundle: bundleURL, startingKit: kitURL, files: files)
    }

    /// How a participant runs a code challenge's sample on their own machine.
    static func runningGuide(_ manifest: ChallengeManifest, code: CodeSettings) -> String {
        let kit = kitName(manifest)
        let plain: String
        if let folder = code.ingestion.map(IngestionProgram.trimmed) {
            plain = """
                The challenge's own ingestion program is in `\(folder)/`; its `metadata.yaml` gives the
                command it runs. On the platform it sees your files in `/app/ingested_program`, the data
                in `/app/input_data` and writes `/app/output/predictions.csv`.
                """
        } else {
            plain = """
                Or with Python alone (pandas and your model's libraries installed):

                    python3 ingestion/podium_ingestion.py ingestion/settings.json --submission starting-kit --input data --output out

                It trains `Model` on `data/train.csv` and writes `out/predictions.csv`, as the platform does.
                """
        }
        return """
            # Running your model before you submit

            Submit `\(code.entry)` (with a `class Model` that has `fit(X, y)` and \
            `\(manifest.submission == .probability ? "predict_proba(X)" : "predict(X)")`), or a `.zip` \
            holding it and its helper files. A working sample is `starting-kit/\(code.entry)`.

            The platform runs it with no network, \(Formats.size(code.memory)) of memory, \(code.cpus) CPU(s) \
            and \(code.timeLimit) seconds for the whole run. Run it the same way first:

                podium run \(kit) starting-kit/\(code.entry)

            This runs it in the same sandbox and limits, and checks the predictions it writes against \
            the test set's ids and the expected columns (the answers are not in this kit, so it is \
            not scored).

            \(plain)

            """
    }

    /// Writes a deterministic zip next to `url`, then renames it into place.
    static func writeZip(_ entries: [(String, Data)], to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appending(path: ".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        defer { try? FileManager.default.removeItem(at: temporary) }
        let archive = try Archive(url: temporary, accessMode: .create)
        for (path, data) in entries.sorted(by: { $0.0 < $1.0 }) {
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: fixedDate,
                permissions: 0o644, compressionMethod: .deflate, bufferSize: 1 << 16
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
        try FileManager.default.moveItem(at: temporary, to: url)
    }

    static func csvRows(_ data: Data) -> Int {
        var lines = 0
        var last: UInt8 = 10
        for b in data where b == 10 { lines += 1 }
        if let final = data.last { last = final }
        if last != 10 && !data.isEmpty { lines += 1 }
        return max(0, lines - 1)
    }

    /// Checks a bundle's entries and extracts them into `folder`, verifying every file against
    /// `manifest.json`. Refuses absolute paths, `..`, links, and entries or totals past `limits`.
    @discardableResult
    public static func extract(_ url: URL, to folder: URL, limits: Limits = Limits()) throws -> BundleManifest {
        let name = url.lastPathComponent
        func refuse(_ message: String) -> BundleError { BundleError(file: name, message: message) }
        let archive: ZipReader
        do { archive = try ZipReader(url: url) } catch {
            throw refuse("is not a readable zip archive (expected a .podium bundle made by podium pack): \(error)")
        }
        let entries = archive.entries
        let byPath = try checkedEntries(archive, name: name, limits: limits)
        guard let listingEntry = byPath["manifest.json"] else { throw refuse("has no manifest.json (not a podium bundle)") }
        let listing: BundleManifest
        do {
            listing = try JSONText.decoder().decode(
                BundleManifest.self, from: try read(listingEntry, in: archive, limit: limits.maxEntryBytes, name: name))
        } catch let error as BundleError { throw error } catch {
            throw refuse("manifest.json cannot be read (\(error.localizedDescription))")
        }
        let listed = Dictionary(listing.files.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        for entry in entries where !entry.isDirectory && entry.path != "manifest.json" {
            guard let expected = listed[entry.path] else { throw refuse("entry \(Echo.quoted(entry.path)) is not listed in manifest.json") }
            let data = try read(entry, in: archive, limit: limits.maxEntryBytes, name: name)
            guard Hashing.sha256(data) == expected.sha256 else {
                throw refuse("entry \(Echo.quoted(entry.path)) does not match its SHA-256 in manifest.json (the bundle was altered)")
            }
            let target = folder.appending(path: entry.path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: target)
        }
        for file in listing.files where byPath[file.path] == nil {
            throw refuse("manifest.json lists \(Echo.quoted(file.path)), which the bundle does not hold")
        }
        try read(listingEntry, in: archive, limit: limits.maxEntryBytes, name: name).write(to: folder.appending(path: "manifest.json"))
        return listing
    }

    /// A zip's regular entries by path, once each checked: no absolute path, `..`, link, or
    /// entry or total past `limits`.
    static func checkedEntries(_ archive: ZipReader, name: String, limits: Limits) throws -> [String: ZipReader.Entry] {
        func refuse(_ message: String) -> BundleError { BundleError(file: name, message: message) }
        let entries = archive.entries
        guard entries.count <= limits.maxEntries else { throw refuse("holds \(entries.count) entries, more than the limit of \(limits.maxEntries)") }
        var total: UInt64 = 0
        for entry in entries {
            let path = entry.path
            if path.hasPrefix("/") || path.hasPrefix("\\") || path.contains(":") {
                throw refuse("entry \(Echo.quoted(path)) has an absolute path")
            }
            let components = path.split(whereSeparator: { $0 == "/" || $0 == "\\" })
            if components.contains("..") { throw refuse("entry \(Echo.quoted(path)) leaves the bundle's folder (..)") }
            if components.isEmpty { throw refuse("has an entry with an empty name") }
            if entry.isSymlink { throw refuse("entry \(Echo.quoted(path)) is a symbolic link; bundles hold regular files only") }
            if entry.uncompressedSize > limits.maxEntryBytes {
                throw refuse("entry \(Echo.quoted(path)) is \(entry.uncompressedSize) bytes, more than the limit of \(limits.maxEntryBytes)")
            }
            total += UInt64(entry.uncompressedSize)
            if total > limits.maxTotalBytes { throw refuse("holds more than \(limits.maxTotalBytes) bytes in all, the limit") }
        }
        var byPath: [String: ZipReader.Entry] = [:]
        for entry in entries where !entry.isDirectory {
            guard byPath.updateValue(entry, forKey: entry.path) == nil else { throw refuse("holds entry \(Echo.quoted(entry.path)) twice") }
        }
        return byPath
    }

    /// Whether `url` is a code challenge's starting kit (a zip with challenge.yaml and no
    /// manifest.json), which `podium run` opens like a challenge without its solution.
    static func isStartingKit(_ url: URL) -> Bool {
        guard let archive = try? ZipReader(url: url) else { return false }
        let paths = Set(archive.entries.map(\.path))
        return paths.contains("challenge.yaml") && !paths.contains("manifest.json")
    }

    /// Extracts a starting kit into `folder`, its entries checked as a bundle's.
    static func extractKit(_ url: URL, to folder: URL, limits: Limits = Limits()) throws {
        let name = url.lastPathComponent
        let archive: ZipReader
        do { archive = try ZipReader(url: url) } catch {
            throw BundleError(file: name, message: "is not a readable zip archive: \(error)")
        }
        for (path, entry) in try checkedEntries(archive, name: name, limits: limits) {
            let target = folder.appending(path: path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try read(entry, in: archive, limit: limits.maxEntryBytes, name: name).write(to: target)
        }
    }

    /// Reads an entry whole, stopping as soon as it passes `limit` (headers can lie).
    static func read(_ entry: ZipReader.Entry, in archive: ZipReader, limit: UInt64, name: String) throws -> Data {
        var data = Data()
        do {
            try archive.read(entry) { chunk in
                data.append(chunk)
                if data.count > limit {
                    throw BundleError(file: name, message: "entry \(Echo.quoted(entry.path)) decompresses past the limit of \(limit) bytes")
                }
            }
        } catch let error as BundleError { throw error } catch {
            throw BundleError(file: name, message: "entry \(Echo.quoted(entry.path)) cannot be decompressed (\(error))")
        }
        return data
    }

    /// The list of a bundle's files, checked (for `podium inspect`).
    public static func inspect(_ url: URL, limits: Limits = Limits()) throws -> BundleManifest {
        let temporary = try TemporaryDirectory(prefix: "podium-inspect")
        return try extract(url, to: temporary.url, limits: limits)
    }
}
