#pragma once
// The C++ type behind a Protobuf field, as a type: the one switch on
// FieldDescriptor::cpp_type() in the project, and typed access to a field's
// value through reflection. Code that treats each kind of field differently
// (parse a --set value, copy a value, read a number for a range check) writes
// a generic lambda over the type instead of its own switch, so a kind of
// field is added or handled in one place.

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace stackrace {

// An enum field's value: its number. A type of its own, so that a visitor
// can tell an enum field from an int32 one.
struct EnumNumber {
  int number = 0;
};

// What visit_field_type passes: T is double, float, std::int32_t,
// std::int64_t, std::uint32_t, std::uint64_t, bool, EnumNumber, std::string
// or google::protobuf::Message.
template <typename T>
struct FieldTypeTag {
  using type = T;
};

// Integer and floating types, not bool: the fields that hold a quantity.
template <typename T>
inline constexpr bool kIsNumber = std::is_arithmetic_v<T> && !std::is_same_v<T, bool>;

// Calls visit(FieldTypeTag<T>{}) with T the C++ type of `field`'s values and
// returns what it returns; every branch of `visit` must return the same type.
template <typename Visitor>
decltype(auto) visit_field_type(const google::protobuf::FieldDescriptor& field, Visitor&& visit) {
  using google::protobuf::FieldDescriptor;
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return visit(FieldTypeTag<double>{});
    case FieldDescriptor::CPPTYPE_FLOAT:
      return visit(FieldTypeTag<float>{});
    case FieldDescriptor::CPPTYPE_INT32:
      return visit(FieldTypeTag<std::int32_t>{});
    case FieldDescriptor::CPPTYPE_INT64:
      return visit(FieldTypeTag<std::int64_t>{});
    case FieldDescriptor::CPPTYPE_UINT32:
      return visit(FieldTypeTag<std::uint32_t>{});
    case FieldDescriptor::CPPTYPE_UINT64:
      return visit(FieldTypeTag<std::uint64_t>{});
    case FieldDescriptor::CPPTYPE_BOOL:
      return visit(FieldTypeTag<bool>{});
    case FieldDescriptor::CPPTYPE_ENUM:
      return visit(FieldTypeTag<EnumNumber>{});
    case FieldDescriptor::CPPTYPE_STRING:
      return visit(FieldTypeTag<std::string>{});
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return visit(FieldTypeTag<google::protobuf::Message>{});
  }
  // cpp_type() has no other values; this keeps the compiler sure of it.
  throw std::logic_error("visit_field_type: unknown cpp_type of " + field.full_name());
}

// True for a field of an integer or floating type (not bool, enum, string or message).
inline bool is_number_field(const google::protobuf::FieldDescriptor& field) {
  return visit_field_type(field, [](auto tag) { return kIsNumber<typename decltype(tag)::type>; });
}

namespace field_type_detail {

// Reflection's accessors for values of type T (specialised below).
template <typename T>
struct Accessors;

// Reflection names its accessors by a suffix per type (GetDouble,
// GetRepeatedDouble, SetDouble, ...); this spells them out once per type.
#define STACKRACE_FIELD_ACCESSORS(T, Suffix)                                                                           \
  template <>                                                                                                          \
  struct Accessors<T> {                                                                                                \
    using Message = google::protobuf::Message;                                                                         \
    using Field = google::protobuf::FieldDescriptor;                                                                   \
    static T get(const Message& m, const Field& f) { return m.GetReflection()->Get##Suffix(m, &f); }                   \
    static T get(const Message& m, const Field& f, int i) { return m.GetReflection()->GetRepeated##Suffix(m, &f, i); } \
    static void set(Message& m, const Field& f, const T& v) { m.GetReflection()->Set##Suffix(&m, &f, v); }             \
    static void set(Message& m, const Field& f, int i, const T& v) {                                                   \
      m.GetReflection()->SetRepeated##Suffix(&m, &f, i, v);                                                            \
    }                                                                                                                  \
    static void add(Message& m, const Field& f, const T& v) { m.GetReflection()->Add##Suffix(&m, &f, v); }             \
  };

STACKRACE_FIELD_ACCESSORS(double, Double)
STACKRACE_FIELD_ACCESSORS(float, Float)
STACKRACE_FIELD_ACCESSORS(std::int32_t, Int32)
STACKRACE_FIELD_ACCESSORS(std::int64_t, Int64)
STACKRACE_FIELD_ACCESSORS(std::uint32_t, UInt32)
STACKRACE_FIELD_ACCESSORS(std::uint64_t, UInt64)
STACKRACE_FIELD_ACCESSORS(bool, Bool)
STACKRACE_FIELD_ACCESSORS(std::string, String)
#undef STACKRACE_FIELD_ACCESSORS

// Enums go by number (GetEnumValue, ...), so that a value outside the enum
// survives a copy as it is.
template <>
struct Accessors<EnumNumber> {
  using Message = google::protobuf::Message;
  using Field = google::protobuf::FieldDescriptor;
  static EnumNumber get(const Message& m, const Field& f) { return {m.GetReflection()->GetEnumValue(m, &f)}; }
  static EnumNumber get(const Message& m, const Field& f, int i) {
    return {m.GetReflection()->GetRepeatedEnumValue(m, &f, i)};
  }
  static void set(Message& m, const Field& f, const EnumNumber& v) {
    m.GetReflection()->SetEnumValue(&m, &f, v.number);
  }
  static void set(Message& m, const Field& f, int i, const EnumNumber& v) {
    m.GetReflection()->SetRepeatedEnumValue(&m, &f, i, v.number);
  }
  static void add(Message& m, const Field& f, const EnumNumber& v) {
    m.GetReflection()->AddEnumValue(&m, &f, v.number);
  }
};

}  // namespace field_type_detail

// The value of `field` in `message`: entry `index` of a repeated field, or
// the singular value when index < 0. T is the field's type as
// visit_field_type names it (not Message).
template <typename T>
T get_value(const google::protobuf::Message& message, const google::protobuf::FieldDescriptor& field, int index) {
  using A = field_type_detail::Accessors<T>;
  return index >= 0 ? A::get(message, field, index) : A::get(message, field);
}

// Sets entry `index` of a repeated field, or the singular value when index < 0.
template <typename T>
void set_value(google::protobuf::Message& message, const google::protobuf::FieldDescriptor& field, int index,
               const T& value) {
  using A = field_type_detail::Accessors<T>;
  index >= 0 ? A::set(message, field, index, value) : A::set(message, field, value);
}

// Appends an entry to a repeated field.
template <typename T>
void add_value(google::protobuf::Message& message, const google::protobuf::FieldDescriptor& field, const T& value) {
  field_type_detail::Accessors<T>::add(message, field, value);
}

}  // namespace stackrace
