namespace AccessControl.Web.Features.Hosting;

/// <summary>
/// Refuses request bodies over <see cref="AppSetup.MaxRequestBodyBytes"/> with a 413 problem, whatever the server
/// (Kestrel enforces its own limit; the in-process test server and other hosts do not): a declared length over the
/// limit is refused at once, and a chunked body is cut off when it passes the limit.
/// </summary>
public sealed class RequestSizeLimit(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        if (http.Request.ContentLength > AppSetup.MaxRequestBodyBytes) throw TooLarge();
        http.Request.Body = new LimitedStream(http.Request.Body, AppSetup.MaxRequestBodyBytes);
        return next(http);
    }

    private static BadHttpRequestException TooLarge() => new("The request body is too large.", StatusCodes.Status413PayloadTooLarge);

    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long read;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => Count(await inner.ReadAsync(buffer, ct));
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

        private int Count(int n)
        {
            read += n;
            return read > limit ? throw TooLarge() : n;
        }
    }
}
