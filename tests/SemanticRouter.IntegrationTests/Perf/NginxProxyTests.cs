using System.Text;
using SemanticRouter.Benchmarks.Perf;
using SemanticRouter.Mock;

namespace SemanticRouter.IntegrationTests.Perf;

public sealed class NginxProxyTests
{
    [Fact]
    public void Config_proxies_to_the_upstream_with_keep_alive_and_unbuffered_from_its_own_folder()
    {
        var config = NginxProxy.Config("/tmp/perf-nginx", 18123, new Uri("http://127.0.0.1:19000"));

        foreach (var line in new[]
        {
            "daemon off;", "pid /tmp/perf-nginx/nginx.pid;", "error_log /tmp/perf-nginx/error.log warn;",
            "server 127.0.0.1:19000;", "keepalive 64;", "listen 127.0.0.1:18123;", "proxy_pass http://mock;",
            "proxy_http_version 1.1;", "proxy_set_header Connection \"\";", "proxy_buffering off;",
            "client_body_temp_path /tmp/perf-nginx/client_body;", "proxy_temp_path /tmp/perf-nginx/proxy;",
        })
            Assert.Contains(line, config);
    }

    [NginxFact]
    public async Task Nginx_accepts_the_config_and_streams_the_mock_s_answers_through()
    {
        var folder = Directory.CreateTempSubdirectory("semrouter-nginx-test-").FullName;
        try
        {
            await using var mock = MockServer.Build(new MockOptions { World = EmbeddedData.World("default"), Questions = EmbeddedData.Questions("verify") },
                "http://127.0.0.1:0");
            await mock.StartAsync();
            var upstream = new Uri(mock.Urls.First());
            await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), NginxProxy.Config(folder, NginxProxy.FreePort(), upstream));
            var (ok, output) = await NginxProxy.TestConfigAsync(NginxProxy.Find()!, folder);
            Assert.True(ok, output);

            await using var proxy = await NginxProxy.StartAsync(NginxProxy.Find()!, folder, upstream, default);
            using var http = new HttpClient { BaseAddress = proxy.Url };
            var question = EmbeddedData.Questions("verify").Items[0].Question;
            using var content = new ByteArrayContent(PerfRequests.Body(question, "qwen-max", stream: true)) { Headers = { ContentType = new("application/json") } };
            using var response = await http.PostAsync(PerfRequests.Path, content);
            var text = await response.Content.ReadAsStringAsync();

            Assert.True(response.IsSuccessStatusCode, text);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            Assert.EndsWith("data: [DONE]\n\n", text);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
