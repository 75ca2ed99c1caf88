#include "plugins/weddings/domain/slug_template.hpp"

#include <gtest/gtest.h>

namespace atrium::plugins::weddings {
namespace {

TEST(SlugTemplateTest, FillsEveryPlaceholder) {
  EXPECT_EQ(fillSlug("https://taklifnoma.uz/w/{slug}", "aziz-va-malika"),
            "https://taklifnoma.uz/w/aziz-va-malika");
  EXPECT_EQ(fillSlug("/api/weddings/{slug}/qr.svg", "a-1"), "/api/weddings/a-1/qr.svg");
  EXPECT_EQ(fillSlug("{slug}/{slug}", "x"), "x/x");
  EXPECT_EQ(fillSlug("no placeholder", "x"), "no placeholder");
  EXPECT_EQ(fillSlug("{slu}{slug", "x"), "{slu}{slug");
}

TEST(SlugTemplateTest, PercentEncodesWhatIsNotUnreserved) {
  EXPECT_EQ(fillSlug("https://h/{slug}", "a/b?c#d e&f"), "https://h/a%2Fb%3Fc%23d%20e%26f");
  EXPECT_EQ(fillSlug("{slug}", "\"><script>"), "%22%3E%3Cscript%3E");
  EXPECT_EQ(fillSlug("{slug}", "to\xCA\xBBy"), "to%CA%BBy");
  EXPECT_EQ(fillSlug("{slug}", "A-z_0.9~"), "A-z_0.9~");
}

TEST(SlugTemplateTest, FindsThePlaceholder) {
  EXPECT_TRUE(hasSlugPlaceholder("https://t.uz/w/{slug}"));
  EXPECT_FALSE(hasSlugPlaceholder("https://t.uz/w/"));
  EXPECT_FALSE(hasSlugPlaceholder("{SLUG}"));
}

}  // namespace
}  // namespace atrium::plugins::weddings
