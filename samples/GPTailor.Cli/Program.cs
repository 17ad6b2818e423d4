using GPTailor.Cli;

return await CliApplication.RunAsync(args).ConfigureAwait(false);
