#include "base/field_type.h"

#include <google/protobuf/wrappers.pb.h>
#include <gtest/gtest.h>

#include <string>
#include <typeindex>

#include "base/proto/scenario.pb.h"

namespace stackrace {
namespace {

namespace pb = google::protobuf;

// The type visit_field_type names for the field `value` of a wrapper message.
std::type_index type_of(const pb::FieldDescriptor& field) {
  return visit_field_type(field, [](auto tag) { return std::type_index(typeid(typename decltype(tag)::type)); });
}

const pb::FieldDescriptor& field(const pb::Descriptor& d, const std::string& name) {
  const pb::FieldDescriptor* f = d.FindFieldByName(name);
  EXPECT_NE(f, nullptr) << name;
  return *f;
}

TEST(VisitFieldType, NamesTheCppTypeOfEveryKindOfField) {
  EXPECT_EQ(type_of(field(*pb::DoubleValue::descriptor(), "value")), typeid(double));
  EXPECT_EQ(type_of(field(*pb::FloatValue::descriptor(), "value")), typeid(float));
  EXPECT_EQ(type_of(field(*pb::Int32Value::descriptor(), "value")), typeid(std::int32_t));
  EXPECT_EQ(type_of(field(*pb::Int64Value::descriptor(), "value")), typeid(std::int64_t));
  EXPECT_EQ(type_of(field(*pb::UInt32Value::descriptor(), "value")), typeid(std::uint32_t));
  EXPECT_EQ(type_of(field(*pb::UInt64Value::descriptor(), "value")), typeid(std::uint64_t));
  EXPECT_EQ(type_of(field(*pb::BoolValue::descriptor(), "value")), typeid(bool));
  EXPECT_EQ(type_of(field(*pb::StringValue::descriptor(), "value")), typeid(std::string));
  EXPECT_EQ(type_of(field(*Blocked::descriptor(), "stack")), typeid(EnumNumber));
  EXPECT_EQ(type_of(field(*Scenario::descriptor(), "adoption")), typeid(pb::Message));
}

TEST(IsNumberField, IntegersAndFloatingPointOnly) {
  EXPECT_TRUE(is_number_field(field(*pb::DoubleValue::descriptor(), "value")));
  EXPECT_TRUE(is_number_field(field(*pb::Int32Value::descriptor(), "value")));
  EXPECT_TRUE(is_number_field(field(*pb::UInt64Value::descriptor(), "value")));
  EXPECT_FALSE(is_number_field(field(*pb::BoolValue::descriptor(), "value")));
  EXPECT_FALSE(is_number_field(field(*pb::StringValue::descriptor(), "value")));
  EXPECT_FALSE(is_number_field(field(*Blocked::descriptor(), "stack")));
  EXPECT_FALSE(is_number_field(field(*Scenario::descriptor(), "adoption")));
}

TEST(FieldValues, SingularAndRepeatedThroughReflection) {
  Scenario s;
  const pb::FieldDescriptor& peer_weight = field(*Adoption::descriptor(), "peer_weight");
  set_value(*s.mutable_adoption(), peer_weight, -1, 0.25);
  EXPECT_DOUBLE_EQ(s.adoption().peer_weight(), 0.25);
  EXPECT_DOUBLE_EQ(get_value<double>(s.adoption(), peer_weight, -1), 0.25);

  Blocked b;
  const pb::FieldDescriptor& iso3 = field(*Blocked::descriptor(), "iso3");
  add_value<std::string>(b, iso3, "CHN");
  add_value<std::string>(b, iso3, "IRN");
  set_value<std::string>(b, iso3, 0, "PRK");
  ASSERT_EQ(b.iso3_size(), 2);
  EXPECT_EQ(get_value<std::string>(b, iso3, 0), "PRK");
  EXPECT_EQ(get_value<std::string>(b, iso3, 1), "IRN");
}

TEST(FieldValues, EnumsGoByNumberEvenOutsideTheEnum) {
  Blocked b;
  const pb::FieldDescriptor& stack = field(*Blocked::descriptor(), "stack");
  set_value(b, stack, -1, EnumNumber{US_OPEN});
  EXPECT_EQ(b.stack(), US_OPEN);
  set_value(b, stack, -1, EnumNumber{99});
  EXPECT_EQ(get_value<EnumNumber>(b, stack, -1).number, 99);
}

}  // namespace
}  // namespace stackrace
