import Foundation
import PodiumCore

/// Any text as `challenge.yaml`: refused with located problems, or a manifest whose numbers
/// are in bounds and that can be written as JSON.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    do {
        let manifest = try ChallengeManifest.parse(yaml: text)
        precondition(manifest.version >= 1 && manifest.version <= ChallengeManifest.maxVersion)
        precondition(manifest.grading.scale > 0 && manifest.grading.scale <= ChallengeManifest.maxScale)
        precondition(!manifest.phases.isEmpty)
        _ = try JSONText.encode(manifest)
        _ = manifest.phase(at: Date())
        _ = manifest.timeZone
    } catch is ManifestError {
    } catch {
        fatalError("unexpected error \(error)")
    }
    return 0
}
