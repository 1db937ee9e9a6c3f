// satr's own workloads: shaping only, full layout (cold and warm cache), rendering and
// batch layout on threads.
#include <satr/batch.hpp>
#include <satr/caret.hpp>
#include <satr/context.hpp>
#include <satr/font.hpp>
#include <satr/layout.hpp>
#include <satr/output.hpp>
#include <satr/render.hpp>

#include <png.h>

#include <csetjmp>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "alloc_counter.hpp"
#include "runtime/context_impl.hpp"
#include "shape/shaped_paragraph.hpp"
#include "style/resolved_style.hpp"
#include "text/utf8.hpp"
#include "workload.hpp"

namespace satr_bench {
namespace {

satr::ParagraphStyle layout_style() {
  satr::ParagraphStyle style;
  style.font_size = kFontSize;
  style.width = kWidth;
  return style;
}

std::size_t glyphs_of(const satr::Layout& layout) { return layout.glyphs.size(); }
std::size_t runs_of(const satr::Layout& layout) { return layout.runs.size(); }

// Bidi, itemization and shaping of each paragraph (detail::analyze_paragraph and
// detail::shape_analyzed, the first half of layout_text), without line breaking or
// positioning. UTF-8 decoding is inside the pass, as hb_buffer_add_utf8 is inside the
// HarfBuzz baseline's. The workspace (buffer, scratch arrays) is borrowed from the context
// once and reused, as consecutive layout_text calls reuse it.
class SatrShape final : public Workload {
 public:
  SatrShape(const Corpus& corpus, bool use_cache)
      : Workload(corpus),
        context_(use_cache ? satr::ContextOptions{} : satr::ContextOptions{0}),
        fonts_(satr::FontCollection::bundled()),
        workspace_(context_.impl()) {
    // The inputs of an unstyled layout_text call with the bundled fallback chain, set up
    // by the same functions layout_text uses. The inputs point into fonts_, which lives
    // as long as the workspace.
    style_.font_size = kFontSize;
    satr::detail::LayoutScratch& s = workspace_->scratch;
    satr::detail::resolve_style({}, s.decoded, fonts_, style_, {}, s.style);
  }

  void run_pass() override {
    for (const std::string_view paragraph : corpus_.paragraphs) {
      benchmark::DoNotOptimize(shape(paragraph));
    }
  }

  std::size_t count_glyphs(std::string_view paragraph) override { return shape(paragraph); }

 private:
  std::size_t shape(std::string_view paragraph) {
    satr::detail::LayoutScratch& s = workspace_->scratch;
    satr::detail::decode_utf8(paragraph, false, s.decoded);
    satr::detail::analyze_paragraph(s.decoded.utf16, 0, s.style, s.shaping.bidi, s.shaped);
    satr::detail::shape_analyzed(s.style, &context_.impl().word_cache, s.shaping, s.shaped);
    return s.shaped.glyphs.size();
  }

  satr::Context context_;  // Declared first: the borrowed workspace goes back to it.
  satr::FontCollection fonts_;
  satr::ParagraphStyle style_;  // The resolved style points at it.
  satr::detail::BorrowedWorkspace workspace_;
};

// layout_text on each paragraph, as a caller laying out independent texts would.
class SatrLayout final : public Workload {
 public:
  SatrLayout(const Corpus& corpus, bool cold)
      : Workload(corpus), cold_(cold), fonts_(satr::FontCollection::bundled()),
        style_(layout_style()) {}

  // Three passes: the paragraph cache admits a paragraph on its second sighting and keeps
  // its lines on the first hit, so a warm pass is the fourth one.
  void prepare() override {
    for (int k = 0; k < 3; ++k) run_pass();
  }

  void run_pass() override {
    // Cold: every pass starts from empty caches. The clear is inside the timed region
    // (PauseTiming would cost more than it hides); SatrClearCaches/<corpus> measures it.
    if (cold_) context_.clear_caches();
    for (const std::string_view paragraph : corpus_.paragraphs) {
      const satr::Layout layout = satr::layout_text(paragraph, fonts_, style_, &context_);
      benchmark::DoNotOptimize(layout.lines.data());
    }
  }

  void add_counters(benchmark::State& state) override {
    const satr::CacheStats before = context_.stats();
    AllocCounts allocs;
    {
      AllocScope scope;
      run_pass();
      allocs = scope.counts();
    }
    const satr::CacheStats after = context_.stats();
    const auto paragraphs = static_cast<double>(corpus_.paragraphs.size());
    state.counters["allocs_per_paragraph"] = static_cast<double>(allocs.cpp) / paragraphs;
    if (allocs.c_counted) {
      state.counters["heap_allocs_per_paragraph"] = static_cast<double>(allocs.c) / paragraphs;
    }
    const auto hits = static_cast<double>(after.shape_hits - before.shape_hits);
    const auto misses = static_cast<double>(after.shape_misses - before.shape_misses);
    if (hits + misses > 0) state.counters["word_hit_rate"] = hits / (hits + misses);
    const auto paragraph_hits = static_cast<double>(after.paragraph_hits - before.paragraph_hits);
    const auto paragraph_misses =
        static_cast<double>(after.paragraph_misses - before.paragraph_misses);
    if (paragraph_hits + paragraph_misses > 0) {
      state.counters["paragraph_hit_rate"] = paragraph_hits / (paragraph_hits + paragraph_misses);
    }
    if (!cold_ && corpus_.name == "large") state.counters["peak_rss_MiB"] = peak_rss_mib();
  }

  std::size_t count_glyphs(std::string_view paragraph) override {
    return glyphs_of(satr::layout_text(paragraph, fonts_, style_, &context_));
  }

 private:
  bool cold_;
  satr::Context context_;
  satr::FontCollection fonts_;
  satr::ParagraphStyle style_;
};

// The paragraphs of a corpus laid out once (and, when asked, rendered once) in prepare,
// for the workloads that time what comes after layout.
class LaidOutParagraphs : public Workload {
 public:
  LaidOutParagraphs(const Corpus& corpus, bool render)
      : Workload(corpus), render_(render), fonts_(satr::FontCollection::bundled()),
        style_(layout_style()) {}

  void prepare() override {
    layouts_.clear();
    images_.clear();
    for (const std::string_view paragraph : corpus_.paragraphs) {
      layouts_.push_back(satr::layout_text(paragraph, fonts_, style_, &context_));
      if (render_) images_.push_back(satr::render(layouts_.back(), {}, &context_));
    }
    run_pass();
  }

  std::size_t count_glyphs(std::string_view paragraph) override {
    return glyphs_of(satr::layout_text(paragraph, fonts_, style_, &context_));
  }

 protected:
  bool render_;
  satr::Context context_;
  satr::FontCollection fonts_;
  satr::ParagraphStyle style_;
  std::vector<satr::Layout> layouts_;
  std::vector<satr::Image> images_;  ///< When rendering: one per layout.
};

// satr::render of each paragraph's layout into its own image, with the glyph cache warm.
// No PNG encoding. Each paragraph gets its own image because the large corpus as one text
// would be far taller than kMaxImageDimension.
class SatrRender final : public LaidOutParagraphs {
 public:
  explicit SatrRender(const Corpus& corpus) : LaidOutParagraphs(corpus, false) {}

  void run_pass() override {
    for (const satr::Layout& layout : layouts_) {
      const satr::Image image = satr::render(layout, {}, &context_);
      benchmark::DoNotOptimize(image.pixels().data());
    }
  }

  void add_counters(benchmark::State& state) override {
    double pixels = 0;
    for (const satr::Layout& layout : layouts_) {
      const satr::Image image = satr::render(layout, {}, &context_);
      pixels += static_cast<double>(image.width()) * image.height();
    }
    state.counters["Mpixels_per_pass"] = pixels / 1e6;
  }
};

// The baseline of SatrEncodePng: the same images through libpng as satr encoded them
// before choosing the colour type (8-bit RGBA, zlib level 6, libpng's default filters).
std::vector<uint8_t> encode_png_as_before(const satr::Image& image) {
  std::vector<uint8_t> out;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    throw std::runtime_error("libpng failed");
  }
  png_set_write_fn(
      png, &out,
      [](png_structp p, png_bytep data, png_size_t length) {
        auto* sink = static_cast<std::vector<uint8_t>*>(png_get_io_ptr(p));
        sink->insert(sink->end(), data, data + length);
      },
      nullptr);
  png_set_IHDR(png, info, static_cast<png_uint_32>(image.width()),
               static_cast<png_uint_32>(image.height()), 8, PNG_COLOR_TYPE_RGBA,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  const std::size_t stride = static_cast<std::size_t>(image.width()) * 4;
  for (int y = 0; y < image.height(); ++y) {
    png_write_row(png, const_cast<png_bytep>(image.pixels().data() + stride * y));
  }
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return out;
}

// PNG encoding alone: each paragraph's image encoded every pass, by Image::encode_png
// (SatrEncodePng) or as satr did before (PngBaseline).
class EncodePng final : public LaidOutParagraphs {
 public:
  EncodePng(const Corpus& corpus, bool baseline)
      : LaidOutParagraphs(corpus, true), baseline_(baseline) {}

  void run_pass() override {
    for (const satr::Image& image : images_) benchmark::DoNotOptimize(encode(image).data());
  }

  void add_counters(benchmark::State& state) override {
    double bytes = 0, rgba = 0;
    for (const satr::Image& image : images_) {
      bytes += static_cast<double>(encode(image).size());
      rgba += static_cast<double>(image.pixels().size());
    }
    state.counters["png_bytes_per_pass"] = bytes;
    state.counters["rgba_bytes_per_pass"] = rgba;
  }

 private:
  std::vector<uint8_t> encode(const satr::Image& image) const {
    return baseline_ ? encode_png_as_before(image) : image.encode_png();
  }
  bool baseline_;
};

// From layout to PNG bytes, as `shape -o x.png` and Layout.save do it: a layout in one
// colour goes from its coverage to the PNG without an RGBA image.
class SatrLayoutToPng final : public LaidOutParagraphs {
 public:
  explicit SatrLayoutToPng(const Corpus& corpus) : LaidOutParagraphs(corpus, false) {}

  void run_pass() override {
    for (std::size_t i = 0; i < layouts_.size(); ++i) {
      const std::string png = satr::encode_layout(layouts_[i], corpus_.paragraphs[i],
                                                  satr::OutputFormat::Png, {}, &context_);
      benchmark::DoNotOptimize(png.data());
    }
  }
};

// layout_batch_into the same vector every pass (its Layouts' arrays reused), warm caches.
class SatrBatch final : public Workload {
 public:
  SatrBatch(const Corpus& corpus, unsigned threads)
      : Workload(corpus), threads_(threads), fonts_(satr::FontCollection::bundled()),
        style_(layout_style()), texts_(corpus.paragraphs.begin(), corpus.paragraphs.end()) {}

  // Three passes, as for SatrLayout warm.
  void prepare() override {
    for (int k = 0; k < 3; ++k) run_pass();
  }

  void run_pass() override {
    satr::layout_batch_into(layouts_, texts_, fonts_, style_, threads_, &context_);
    benchmark::DoNotOptimize(layouts_.data());
  }

  void add_counters(benchmark::State& state) override {
    AllocScope scope;
    run_pass();
    const AllocCounts n = scope.counts();
    state.counters["allocs_per_pass"] = static_cast<double>(n.c_counted ? n.c : n.cpp);
  }

  std::size_t count_glyphs(std::string_view paragraph) override {
    return glyphs_of(satr::layout_text(paragraph, fonts_, style_, &context_));
  }

 private:
  unsigned threads_;
  satr::Context context_;
  satr::FontCollection fonts_;
  satr::ParagraphStyle style_;
  std::vector<std::string_view> texts_;
  std::vector<satr::Layout> layouts_;
};

// Heap allocations of one warm layout_text call against the paragraph's length: the
// paragraph is built from the astana article's words, cut to about `chars` code points.
void allocations_by_length(benchmark::State& state, std::size_t chars) {
  const std::string text = paragraph_of_length(corpus("astana"), chars);
  const satr::FontCollection fonts = satr::FontCollection::bundled();
  const satr::ParagraphStyle style = layout_style();
  satr::Context context;
  satr::Layout layout = satr::layout_text(text, fonts, style, &context);  // Warms the cache.
  for (auto _ : state) {
    layout = satr::layout_text(text, fonts, style, &context);
    benchmark::DoNotOptimize(layout.lines.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(count_code_points(text)));

  constexpr int kCalls = 16;
  const auto per_call = [](uint64_t n) { return static_cast<double>(n) / kCalls; };
  {
    AllocScope scope;
    for (int k = 0; k < kCalls; ++k) {
      const satr::Layout warm = satr::layout_text(text, fonts, style, &context);
      benchmark::DoNotOptimize(warm.lines.data());
    }
    const AllocCounts n = scope.counts();
    state.counters["allocs_per_paragraph"] = per_call(n.cpp);
    if (n.c_counted) state.counters["heap_allocs_per_paragraph"] = per_call(n.c);
  }
  {
    // Into the same Layout each time: its arrays are reused.
    satr::Layout reused = satr::layout_text(text, fonts, style, &context);
    satr::layout_text_into(reused, text, fonts, style, &context);  // Grows the workspace.
    AllocScope scope;
    for (int k = 0; k < kCalls; ++k) {
      satr::layout_text_into(reused, text, fonts, style, &context);
      benchmark::DoNotOptimize(reused.lines.data());
    }
    const AllocCounts n = scope.counts();
    state.counters["into_allocs_per_paragraph"] = per_call(n.c_counted ? n.c : n.cpp);
  }
  {
    AllocScope scope;
    for (int k = 0; k < kCalls; ++k) {
      context.clear_caches();
      const satr::Layout cold = satr::layout_text(text, fonts, style, &context);
      benchmark::DoNotOptimize(cold.lines.data());
    }
    const AllocCounts n = scope.counts();
    // clear_caches frees but does not allocate, so these are the cold layout's own.
    state.counters["cold_allocs_per_paragraph"] = per_call(n.cpp);
    if (n.c_counted) state.counters["cold_heap_allocs_per_paragraph"] = per_call(n.c);
  }
  state.counters["lines"] = static_cast<double>(layout.lines.size());
  state.counters["runs"] = static_cast<double>(runs_of(layout));
}

// The price of Context::clear_caches() after a warm pass, which the cold benchmarks pay
// once per pass inside their timed loop.
void clear_caches_cost(benchmark::State& state, const Corpus* corpus) {
  const satr::FontCollection fonts = satr::FontCollection::bundled();
  const satr::ParagraphStyle style = layout_style();
  satr::Context context;
  for (auto _ : state) {
    state.PauseTiming();
    for (const std::string_view paragraph : corpus->paragraphs) {
      const satr::Layout layout = satr::layout_text(paragraph, fonts, style, &context);
      benchmark::DoNotOptimize(layout.lines.data());
    }
    state.ResumeTiming();
    context.clear_caches();
  }
}

// A paragraph of about `bytes` bytes of the article's words; `mixed` puts an English word
// after every two Arabic ones.
std::string paragraph_of_bytes(std::size_t bytes, bool mixed) {
  static constexpr const char* kEnglish[] = {"the", "talks", "Astana", "in", "June", "2017",
                                             "peace", "Kazakhstan", "were", "postponed"};
  const std::string arabic = paragraph_of_length(corpus("astana"), bytes);
  std::string out;
  std::size_t start = 0;
  for (std::size_t k = 0; out.size() < bytes && start < arabic.size(); ++k) {
    std::size_t end = arabic.find(' ', start);
    if (end == std::string::npos) end = arabic.size();
    if (!out.empty()) out += ' ';
    out.append(arabic, start, end - start);
    if (mixed && k % 2 == 1) out += std::string(" ") + kEnglish[k % std::size(kEnglish)];
    start = end + 1;
  }
  return out;
}

// One member of the SatrJustify/SatrLayout-by-size and SatrCaret families: its name and
// what it lays out. The benchmarks and the driver mode (for callgrind) share the list.
struct SizedCase {
  std::string name;
  std::size_t bytes = 0;
  bool caret = false;       // SatrCaret, else a layout
  bool mixed = false;       // layout: Arabic with English words, else Arabic only
  int method = -1;          // layout: a satr::Justify, or -1 for start alignment
  satr::Breaker breaker = satr::Breaker::Greedy;
  bool kept = false;        // caret: through a CaretIndex, else the free functions
  int iterations = 0;       // 0: as many as the library likes
};

std::vector<SizedCase> sized_cases() {
  static const std::pair<const char*, std::size_t> kSizes[] = {
      {"1KB", 1000}, {"10KB", 10000}, {"100KB", 100000}, {"1MB", 1000000}};
  std::vector<SizedCase> cases;
  for (const auto& [size, bytes] : kSizes) {
    // A fixed count at the larger sizes keeps the whole family to seconds.
    const int iterations = bytes >= 1000000 ? 2 : bytes >= 100000 ? 10 : 0;
    for (const bool mixed : {false, true}) {
      const std::string script = mixed ? "mixed" : "arabic";
      const std::pair<const char*, int> methods[] = {
          {"start", -1}, {"kashida", static_cast<int>(satr::Justify::Kashida)},
          {"spaces", static_cast<int>(satr::Justify::Spaces)}};
      for (const auto& [method_name, method] : methods) {
        for (const satr::Breaker breaker : {satr::Breaker::Greedy, satr::Breaker::Optimal}) {
          SizedCase c;
          c.name = std::string(method < 0 ? "SatrLayout/" : "SatrJustify/") + size + "/" +
                   script + "/" + method_name +
                   (breaker == satr::Breaker::Optimal ? "/optimal" : "/greedy");
          c.bytes = bytes;
          c.mixed = mixed;
          c.method = method;
          c.breaker = breaker;
          c.iterations = iterations;
          cases.push_back(c);
        }
      }
    }
    for (const bool kept : {true, false}) {
      SizedCase c;
      c.name = std::string("SatrCaret/") + size + (kept ? "/index" : "/functions");
      c.bytes = bytes;
      c.caret = true;
      c.kept = kept;
      c.iterations = !kept && bytes >= 100000 ? (bytes >= 1000000 ? 1 : 5) : 0;
      cases.push_back(c);
    }
  }
  return cases;
}

// A cold layout (caches emptied before each, outside the measurement) of one long
// paragraph at 600 px: the cost of justification beside plain greedy breaking on the same
// text. `measure(work)` runs `work` once per measured repetition.
class SizedLayout {
 public:
  explicit SizedLayout(const SizedCase& c)
      : text_(paragraph_of_bytes(c.bytes, c.mixed)), fonts_(satr::FontCollection::bundled()) {
    style_ = layout_style();
    style_.width = 600;
    style_.breaker = c.breaker;
    if (c.method >= 0) {
      style_.align = satr::Align::Justify;
      style_.justify = static_cast<satr::Justify>(c.method);
    }
  }
  void clear() { context_.clear_caches(); }
  void lay_out() {
    const satr::Layout layout = satr::layout_text(text_, fonts_, style_, &context_);
    benchmark::DoNotOptimize(layout.lines.data());
  }
  std::size_t bytes() const { return text_.size(); }

 private:
  std::string text_;
  satr::FontCollection fonts_;
  satr::ParagraphStyle style_;
  satr::Context context_;
};

void justify_cost(benchmark::State& state, const SizedCase& c) {
  SizedLayout work(c);
  for (auto _ : state) {
    state.PauseTiming();
    work.clear();
    state.ResumeTiming();
    work.lay_out();
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(work.bytes()));
}

// caret(), hit_test() and move_visually() at 64 (CaretIndex) or 4 (free functions) offsets
// spread over one unwrapped line of `bytes` bytes.
class SizedCarets {
 public:
  explicit SizedCarets(const SizedCase& c)
      : kept_(c.kept),
        text_(paragraph_of_bytes(c.bytes, true)),
        layout_(make_layout(text_)),
        index_(layout_, text_) {
    const int count = kept_ ? 64 : 4;
    for (int k = 0; k < count; ++k) {
      auto at = static_cast<uint32_t>(static_cast<double>(text_.size()) * (k + 0.5) / count);
      while (at > 0 && (static_cast<unsigned char>(text_[at]) & 0xC0) == 0x80) --at;
      const satr::Caret caret = index_.caret(at);
      offsets_.push_back(caret.offset);
      xs_.push_back(caret.primary.x);
    }
    y_ = layout_.lines[0].top + 1;
  }
  /// caret, hit_test and move_visually at each offset: 3 calls each.
  void round() {
    for (std::size_t k = 0; k < offsets_.size(); ++k) {
      if (kept_) {
        benchmark::DoNotOptimize(index_.caret(offsets_[k]));
        benchmark::DoNotOptimize(index_.hit_test(xs_[k], y_));
        benchmark::DoNotOptimize(index_.move_visually(offsets_[k], 1));
      } else {
        benchmark::DoNotOptimize(satr::caret(layout_, text_, offsets_[k]));
        benchmark::DoNotOptimize(satr::hit_test(layout_, text_, xs_[k], y_));
        benchmark::DoNotOptimize(satr::move_visually(layout_, text_, offsets_[k], 1));
      }
    }
  }
  std::size_t calls() const { return 3 * offsets_.size(); }
  std::size_t bytes() const { return text_.size(); }

 private:
  static satr::Layout make_layout(const std::string& text) {
    satr::ParagraphStyle style = layout_style();
    style.width = 0;
    return satr::layout_text(text, satr::FontCollection::bundled(), style);
  }
  bool kept_;
  std::string text_;
  satr::Layout layout_;
  satr::CaretIndex index_;
  std::vector<uint32_t> offsets_;
  std::vector<float> xs_;
  float y_ = 0;
};

void caret_cost(benchmark::State& state, const SizedCase& c) {
  SizedCarets work(c);
  for (auto _ : state) work.round();
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(work.calls()));
  state.counters["bytes"] = static_cast<double>(work.bytes());
}

}  // namespace

void add_satr_workloads(const Corpus& corpus, std::vector<WorkloadSpec>& out) {
  const Corpus* c = &corpus;
  const std::string& n = corpus.name;
  out.push_back({"SatrShape/" + n, c, [c] { return std::make_unique<SatrShape>(*c, false); }});
  out.push_back(
      {"SatrShape/" + n + "/warm", c, [c] { return std::make_unique<SatrShape>(*c, true); }});
  out.push_back(
      {"SatrLayout/" + n + "/cold", c, [c] { return std::make_unique<SatrLayout>(*c, true); }});
  out.push_back(
      {"SatrLayout/" + n + "/warm", c, [c] { return std::make_unique<SatrLayout>(*c, false); }});
  out.push_back({"SatrRender/" + n, c, [c] { return std::make_unique<SatrRender>(*c); }});
  out.push_back(
      {"SatrEncodePng/" + n, c, [c] { return std::make_unique<EncodePng>(*c, false); }});
  out.push_back({"PngBaseline/" + n, c, [c] { return std::make_unique<EncodePng>(*c, true); }});
  out.push_back(
      {"SatrLayoutToPng/" + n, c, [c] { return std::make_unique<SatrLayoutToPng>(*c); }});
  for (const unsigned threads : {1u, 2u}) {
    out.push_back({"SatrBatch/" + n + "/threads:" + std::to_string(threads), c,
                   [c, threads] { return std::make_unique<SatrBatch>(*c, threads); },
                   /*real_time=*/true});
  }
}

std::vector<std::string> sized_case_names() {
  std::vector<std::string> names;
  for (const SizedCase& c : sized_cases()) names.push_back(c.name);
  return names;
}

bool run_sized_driver(const std::string& name, int passes) {
  for (const SizedCase& c : sized_cases()) {
    if (c.name != name) continue;
    const int n = passes > 0 ? passes : 1;
    std::size_t per_pass = 0;
    const char* unit = nullptr;
    if (c.caret) {
      SizedCarets work(c);
      work.round();  // Builds the index's lazily kept line data, outside the count.
      toggle_collect();
      for (int k = 0; k < n; ++k) work.round();
      toggle_collect();
      per_pass = work.calls();
      unit = "call";
    } else {
      SizedLayout work(c);
      work.lay_out();  // Loads HarfBuzz's shape plans and ICU's data, outside the count.
      for (int k = 0; k < n; ++k) {
        work.clear();
        toggle_collect();
        work.lay_out();
        toggle_collect();
      }
      per_pass = work.bytes();
      unit = "byte";
    }
    std::printf("workload=%s chars_per_pass=%zu passes=%d unit=%s\n", c.name.c_str(), per_pass,
                n, unit);
    return true;
  }
  return false;
}

void register_extra_benchmarks() {
  for (const SizedCase& c : sized_cases()) {
    auto* b = c.caret ? benchmark::RegisterBenchmark(c.name.c_str(), caret_cost, c)
                      : benchmark::RegisterBenchmark(c.name.c_str(), justify_cost, c);
    b->Unit(c.caret ? benchmark::kMicrosecond : benchmark::kMillisecond);
    if (c.iterations) b->Iterations(c.iterations);
  }
  for (const std::size_t chars : {16, 64, 256, 1024, 4096}) {
    benchmark::RegisterBenchmark(("SatrAllocs/chars:" + std::to_string(chars)).c_str(),
                                 allocations_by_length, chars)
        ->Unit(benchmark::kMicrosecond);
  }
  for (const std::string& name : corpus_names()) {
    // A fixed count: the untimed refill of every iteration would otherwise make the
    // library run hundreds of them to gather its minimum time.
    benchmark::RegisterBenchmark(("SatrClearCaches/" + name).c_str(), clear_caches_cost,
                                 &corpus(name))
        ->Iterations(20)
        ->Unit(benchmark::kMicrosecond);
  }
}

}  // namespace satr_bench
