import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers `Expect: 100-continue` with `100 Continue` as soon as the request's head arrives.
/// curl sends that header with every body over 1 MiB (the API's documented way to submit) and
/// then waits a second for the answer before it sends the file; Hummingbird does not answer it,
/// so every large upload lost a second. The final response comes as usual, after the body; a
/// request refused early (401, 413) still reads or drops the body, as HTTP allows.
final class ExpectContinueHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(var request) = unwrapInboundIn(data),
            let expect = request.headerFields[.expect], expect.lowercased() == "100-continue"
        {
            request.headerFields[.expect] = nil
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponse(status: .continue))), promise: nil)
            context.fireChannelRead(wrapInboundOut(.head(request)))
            return
        }
        context.fireChannelRead(data)
    }
}
