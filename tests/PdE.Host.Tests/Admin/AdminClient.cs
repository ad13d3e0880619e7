using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace PdE.Host.Tests.Admin;

/// <summary>Uploading a file through an import page, as the admin journeys do (sign-in: <see cref="PdEApplication.SignedInClientAsync"/>).</summary>
internal static class AdminClient
{
    /// <summary>The multipart equivalent of <see cref="PdEApplication.SubmitFormAsync"/>: GET the form, keep its hidden fields, attach the file.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string importPath, byte[] file, string fileName)
    {
        var page = await PdEApplication.ParseAsync(await client.GetAsync(importPath));
        var form = page.QuerySelector<IHtmlFormElement>("form[enctype='multipart/form-data']")!;
        var content = new MultipartFormDataContent();
        foreach (var input in form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]"))
        {
            content.Add(new StringContent(input.Value), input.Name!);
        }

        var fileContent = new ByteArrayContent(file);
        fileContent.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(fileContent, "Upload", fileName);
        var action = form.GetAttribute("action");
        var response = await client.PostAsync(string.IsNullOrEmpty(action) ? importPath : action, content);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return response;
    }

    /// <summary>Posts a form of the page as a browser would: its action, its hidden fields.</summary>
    public static Task<HttpResponseMessage> PostFormAsync(HttpClient client, IHtmlFormElement form) =>
        client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(
            form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.Name!, i.Value))));
}
