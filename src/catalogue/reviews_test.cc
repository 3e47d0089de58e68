// Reviews: their front matter, ratings, and reviews of plugins that have no listing.
#include <catch2/catch.hpp>

#include "catalogue/catalogue_test_support.h"

using namespace agora;
using namespace agora::catalogue_testing;

TEST_CASE("reviews: front matter, ratings and unknown plugins", "[catalogue][reviews]") {
  Diagnostics d;
  auto r = parse_review("reviews/sarif-export/ada.md",
                        "---\nauthor: Ada\nrating: 4\ndate: 2024-08-01\ntitle: Solid\n---\nWorks well.\n", d);
  INFO(format_diagnostics(d));
  REQUIRE(r);
  CHECK(r->plugin_id == "sarif-export");
  CHECK(r->slug == "ada");
  CHECK(r->rating == 4);
  CHECK(r->title == "Solid");
  CHECK(r->body() == "Works well.\n");
  CHECK(r->body_line == 7);

  Diagnostics bad;
  CHECK_FALSE(parse_review("reviews/sarif-export/bo.md",
                           "---\nauthor: Bo\nrating: 6\ndate: 2024-13-01\nrevew: x\n---\n", bad));
  CHECK(format_diagnostics(bad) ==
        "reviews/sarif-export/bo.md:3:9: error: 'rating' must be a whole number from 1 to 5, not '6'\n"
        "  3 | rating: 6\n"
        "    |         ^\n"
        "  hint: 1 is poor, 5 is excellent\n"
        "reviews/sarif-export/bo.md:4:7: error: 'date' must be a date, not '2024-13-01'\n"
        "  4 | date: 2024-13-01\n"
        "    |       ^\n"
        "  hint: write dates as YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS+01:00 with a time\n"
        "reviews/sarif-export/bo.md:5:1: error: unknown review key 'revew'\n"
        "  5 | revew: x\n"
        "    | ^\n");

  Diagnostics missing;
  CHECK_FALSE(parse_review("reviews/sarif-export/cy.md", "---\nauthor: Cy\n---\n", missing));
  CHECK(format_diagnostics(missing) ==
        "reviews/sarif-export/cy.md:2:1: error: missing required review key 'rating'\n"
        "  2 | author: Cy\n"
        "    | ^\n"
        "  hint: add 'rating:' (integer): from 1 (poor) to 5 (excellent)\n"
        "reviews/sarif-export/cy.md:2:1: error: missing required review key 'date'\n"
        "  2 | author: Cy\n"
        "    | ^\n"
        "  hint: add 'date:' (date): when the review was written, YYYY-MM-DD\n");

  // Attaching: unknown plugin ids are errors at the review file.
  CatalogueConfig cfg = test_config();
  Diagnostics d2;
  std::vector<PluginListing> listings;
  listings.push_back(*parse_listing("plugins-index/sarif-export.yaml", kBase, cfg, exists, d2));
  check_listings(listings, d2);
  std::vector<Review> reviews;
  reviews.push_back(*r);
  reviews.push_back(*parse_review("reviews/sarif-export/zed.md",
                                  "---\nauthor: Zed\nrating: 5\ndate: 2024-09-01\n---\n", d2));
  reviews.push_back(*parse_review("reviews/sarif-exprot/eve.md",
                                  "---\nauthor: Eve\nrating: 1\ndate: 2024-09-02\n---\n", d2));
  reviews.push_back(*parse_review("reviews/nothing-like-it/eve.md",
                                  "---\nauthor: Eve\nrating: 1\ndate: 2024-09-02\n---\n", d2));
  attach_reviews(listings, std::move(reviews), d2);
  CHECK(format_diagnostics(d2) ==
        "reviews/nothing-like-it/eve.md:1:1: error: review of unknown plugin 'nothing-like-it'\n"
        "  hint: reviews go in reviews/<plugin-id>/, and there is no plugins-index/nothing-like-it.yaml\n"
        "reviews/sarif-exprot/eve.md:1:1: error: review of unknown plugin 'sarif-exprot'\n"
        "  hint: reviews go in reviews/<plugin-id>/; did you mean 'sarif-export'?\n");
  REQUIRE(listings[0].reviews.size() == 2);
  CHECK(listings[0].reviews[0].author == "Zed");  // newest first
  CHECK(listings[0].rating_count() == 2);
  CHECK(listings[0].rating_average() == 4.5);

  // Listings need not be sorted.
  std::vector<PluginListing> two;
  two.push_back(*parse_listing("plugins-index/zz.yaml", with("SARIF Export", "Z"), cfg, exists, d2));
  two.push_back(listings[0]);
  two[1].reviews.clear();
  Diagnostics d3;
  attach_reviews(two, {*r}, d3);
  CHECK(d3.empty());
  CHECK(two[1].reviews.size() == 1);
}
