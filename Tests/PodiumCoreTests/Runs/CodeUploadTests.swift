import Foundation
import Testing
import ZIPFoundation

@testable import PodiumCore

/// A code upload is checked before it runs: model.py alone or in a zip (at its root or in one
/// top folder); paths that climb out, links and archives past the size limit are refused.
@Suite struct CodeUploadTests {
    let folder: TemporaryDirectory
    init() throws { folder = try TemporaryDirectory(prefix: "podium-upload-test") }

    /// A zip of `entries` (path → text; a text starting with "->" is a link to the rest).
    func zip(_ entries: [(String, String)]) throws -> URL {
        let url = folder.url.appending(path: "code-\(UUID().uuidString.prefix(6)).zip")
        let archive = try Archive(url: url, accessMode: .create)
        for (path, text) in entries {
            let data = Data(text.utf8)
            if text.hasPrefix("->") {
                let target = Data(text.dropFirst(2).utf8)
                try archive.addEntry(with: path, type: .symlink, uncompressedSize: Int64(target.count), provider: { _, _ in target })
            } else {
                try archive.addEntry(
                    with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
                    provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
            }
        }
        return url
    }

    func unpack(_ url: URL, maxBytes: Int = 1 << 20) throws -> URL {
        let into = folder.url.appending(path: "out-\(UUID().uuidString.prefix(6))")
        try CodeUpload.unpack(url, entry: "model.py", maxBytes: maxBytes, into: into)
        return into
    }

    @Test func aModelAloneOrInAZipIsUnpacked() throws {
        let py = folder.url.appending(path: "model.py")
        try Data("class Model: pass\n".utf8).write(to: py)
        #expect(FileManager.default.fileExists(atPath: try unpack(py).appending(path: "model.py").path))
        let rooted = try unpack(try zip([("model.py", "x"), ("helpers/features.py", "y")]))
        #expect(FileManager.default.fileExists(atPath: rooted.appending(path: "helpers/features.py").path))
        let topFolder = try unpack(try zip([("submission/model.py", "x"), ("submission/util.py", "y")]))
        #expect(FileManager.default.fileExists(atPath: topFolder.appending(path: "model.py").path))
        #expect(FileManager.default.fileExists(atPath: topFolder.appending(path: "util.py").path))
    }

    @Test func whatCannotRunSafelyIsRefusedWithWhy() throws {
        let cases: [([(String, String)], String)] = [
            ([("model.py", "x"), ("../escape.py", "y")], "a path outside the archive"),
            ([("model.py", "x"), ("/etc/evil.py", "y")], "a path outside the archive"),
            ([("model.py", "x"), ("data", "->/etc/passwd")], "holds a link"),
            ([("notes.txt", "x")], "holds no model.py"),
            ([("a/model.py", "x"), ("b/util.py", "y")], "holds no model.py"),
        ]
        for (entries, expected) in cases {
            let error = #expect(throws: CSVError.self) { try unpack(try zip(entries)) }
            #expect(error?.message.contains(expected) == true, "\(entries): \(error?.message ?? "")")
        }
        let bomb = try zip([("model.py", String(repeating: "0", count: 4 << 20))])
        let error = #expect(throws: CSVError.self) { try unpack(bomb, maxBytes: 1 << 20) }
        #expect(error?.message.contains("inflates past the limit") == true)
        let text = folder.url.appending(path: "model.txt")
        try Data("x".utf8).write(to: text)
        #expect(throws: CSVError.self) { try unpack(text) }
    }
}
