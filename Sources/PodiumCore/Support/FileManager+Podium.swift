import Foundation

extension FileManager {
    /// Regular files under `root`, as sorted relative paths; hidden files skipped, links refused.
    func regularFiles(under root: URL, relativeTo base: URL) throws -> [String] {
        var result: [String] = []
        var isDirectory: ObjCBool = false
        guard fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else { return [] }
        for name in try contentsOfDirectory(atPath: root.path).sorted() where !name.hasPrefix(".") {
            let url = root.appending(path: name)
            let attributes = try attributesOfItem(atPath: url.path)
            let relative = String(url.standardizedFileURL.path.dropFirst(base.standardizedFileURL.path.count + 1))
            switch attributes[.type] as? FileAttributeType {
            case .typeDirectory?: result += try regularFiles(under: url, relativeTo: base)
            case .typeRegular?: result.append(relative)
            case .typeSymbolicLink?: throw PodiumError.invalid(url.path, "is a symbolic link; copy the file itself into the challenge folder")
            default: break
            }
        }
        return result
    }
}
