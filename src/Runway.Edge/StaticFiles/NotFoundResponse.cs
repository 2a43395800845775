using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Runway.Edge.StaticFiles;

/// <summary>A site's answer to a miss: Vercel serves the output directory's 404.html with status 404, else a short
/// plain-text page. Other statuses (set by a rule) are sent as they are, without a body.</summary>
internal static class NotFoundResponse
{
    private const string NotFoundPage = "/404.html";
    private static readonly StringValues PlainText = new("text/plain; charset=utf-8");
    private static readonly byte[] NotFoundText = "404: NOT_FOUND\n"u8.ToArray();

    public static async Task WriteAsync(HttpContext context, StaticFileHandler files, int status = StatusCodes.Status404NotFound)
    {
        if (status == StatusCodes.Status404NotFound && await files.ServeAsync(context, NotFoundPage, status) == StaticFileResult.Served)
        {
            return;
        }

        context.Response.StatusCode = status;
        if (status == StatusCodes.Status404NotFound)
        {
            context.Response.Headers.ContentType = PlainText;
            context.Response.ContentLength = NotFoundText.Length;
            await context.Response.Body.WriteAsync(NotFoundText, context.RequestAborted);
        }
    }
}
